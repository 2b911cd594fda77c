package org.alliancerules.cli;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters that range-check option values. A refused value becomes picocli's usage error:
 * {@code Invalid value for option '--batch-size': 0 (must be 1 or more)} on stderr, then the usage,
 * and exit 2 (picocli's exit code for invalid input).
 */
public final class OptionValues {

    private OptionValues() {
    }

    static long whole(String text, long min, long max, String range) {
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "' is not a whole number (must be " + range + ")");
        }
        if (value < min || value > max) {
            throw new TypeConversionException(text + " (must be " + range + ")");
        }
        return value;
    }

    /** A count of at least 1: threads, rounds, batch and part sizes, population sizes. */
    public static final class AtLeastOne implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 1, Integer.MAX_VALUE, "1 or more");
        }
    }

    /** A count of at least 0. */
    public static final class AtLeastZero implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 0, Integer.MAX_VALUE, "0 or more");
        }
    }

    /** A long of at least 1 (population sizes of the cost curve). */
    public static final class LongAtLeastOne implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 1, Long.MAX_VALUE, "1 or more");
        }
    }

    /** A percentage: a finite number from 0 to 100. */
    public static final class Percent implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double d;
            try {
                d = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is not a number (must be between 0 and 100)");
            }
            if (!Double.isFinite(d) || d < 0 || d > 100) {
                throw new TypeConversionException(value + " (must be between 0 and 100)");
            }
            return d;
        }
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    /** A calendar date written YYYY-MM-DD. */
    public static final class Day implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value.trim(), DAY);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date (must be a real calendar date, YYYY-MM-DD)");
            }
        }
    }

    /** text or json. */
    public static final class TextOrJson implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (!value.equals("text") && !value.equals("json")) {
                throw new TypeConversionException("'" + value + "' (must be text or json)");
            }
            return value;
        }
    }
}
