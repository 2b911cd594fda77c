package org.alliancerules.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.alliancerules.io.LineIndex;

/**
 * Reads a policy profile (YAML) and checks that it is complete and consistent before any rule
 * sees it: every level has its limits, and each upgrade value is better than its downgrade value.
 */
public final class PolicyLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private static final Set<String> PENALTY_RULES =
            Set.of("EVASION_INFO", "MERCHANT_VIOLATION", "ALLIANCE_MANAGEMENT", "OTHER");

    private PolicyLoader() {
    }

    public static Policy load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new PolicyException(List.of(file + ": cannot read policy: " + e.getMessage()));
        }
    }

    public static Policy load(String source, InputStream in) {
        Policy policy;
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
            policy = YAML.readValue(bytes, Policy.class);
        } catch (JsonMappingException e) {
            throw new PolicyException(List.of(located(source, e.getLocation())
                    + pathOf(e) + cleanMessage(e)));
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(located(source, e.getLocation()) + cleanMessage(e)));
        } catch (IOException e) {
            throw new PolicyException(List.of(source + ": cannot read policy: " + e.getMessage()));
        }
        List<String> problems = check(policy);
        if (!problems.isEmpty()) {
            LineIndex lines = lineIndex(bytes);
            List<String> located = new ArrayList<>();
            for (String p : problems) {
                // problems start with the dotted path of the field they are about: point at its line
                String path = p.split("[ :]", 2)[0];
                int[] at = lines.locate("/" + path.replace('.', '/').replaceAll("\\[(\\d+)\\]", "/$1"));
                located.add(source + (at[0] > 0 ? ":" + at[0] + ":" + at[1] : "") + ": " + p);
            }
            throw new PolicyException(located);
        }
        return policy;
    }

    private static LineIndex lineIndex(byte[] bytes) {
        try (JsonParser parser = YAML.getFactory().createParser(bytes)) {
            return LineIndex.of(parser);
        } catch (IOException e) {
            return LineIndex.NONE;
        }
    }

    /** Consistency checks a schema cannot state; every problem is reported. */
    static List<String> check(Policy p) {
        List<String> problems = new ArrayList<>();
        AdmissionPolicy a = p.admission();
        if (a.minScore() < 0 || a.minScore() > 5) problems.add("admission.minScore must be within 0..5, got " + a.minScore());
        if (a.newMerchantGraceDays() < 0) problems.add("admission.newMerchantGraceDays must be >= 0");
        if (a.penaltyLookbackDays() < 0) problems.add("admission.penaltyLookbackDays must be >= 0");
        for (int i = 0; i < a.penaltyRules().size(); i++) {
            String rule = a.penaltyRules().get(i);
            if (!PENALTY_RULES.contains(rule)) {
                problems.add("admission.penaltyRules[" + i + "]: unknown rule " + rule + ", expected one of " + new TreeSet<>(PENALTY_RULES));
            }
        }
        CheckPolicy c = p.check();
        if (c.closureBelow() > c.warningBelow()) {
            problems.add("check.closureBelow: " + c.closureBelow() + " must not exceed check.warningBelow " + c.warningBelow());
        }
        if (p.strikes().banAtClosures() < 1) problems.add("strikes.banAtClosures must be >= 1");
        GradingPolicy g = p.grading();
        if (g.minLevel() > g.maxLevel()) problems.add("grading.minLevel must not exceed grading.maxLevel");
        for (int level = g.minLevel(); level <= g.maxLevel(); level++) {
            final int wanted = level;
            if (p.levels().stream().noneMatch(l -> l.level() == wanted)) problems.add("levels: level " + level + " has no limits");
        }
        if (g.initialLevel() < g.minLevel() || g.initialLevel() > g.maxLevel()) {
            problems.add("grading.initialLevel: " + g.initialLevel() + " is outside " + g.minLevel() + ".." + g.maxLevel());
        }
        if (g.cadenceDays() < 0) problems.add("grading.cadenceDays must be >= 0");
        if (g.clearanceDays() < 0) problems.add("grading.clearanceDays must be >= 0");
        if (g.upgrade().complaintRate() > g.downgrade().complaintRate()
                || g.upgrade().productGoodRate() < g.downgrade().productGoodRate()
                || g.upgrade().serviceGoodRate() < g.downgrade().serviceGoodRate()) {
            problems.add("grading.upgrade: values must be at least as good as grading.downgrade values"
                    + " (a merchant cannot be due to rise and drop at once)");
        }
        Set<Integer> seen = new TreeSet<>();
        for (LevelLimits l : p.levels()) {
            int index = p.levels().indexOf(l);
            if (!seen.add(l.level())) problems.add("levels[" + index + "]: level " + l.level() + " is listed twice");
            if (l.upgradeOrders() < l.downgradeOrders() || l.upgradeGmv() < l.downgradeGmv()) {
                problems.add("levels[" + index + "]: level " + l.level() + " upgrade values must not be below its downgrade values");
            }
        }
        return problems;
    }

    private static String located(String source, JsonLocation loc) {
        if (loc == null || loc.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }

    private static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) path.append('.');
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? "" : path + ": ";
    }

    private static String cleanMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) return "invalid policy";
        int cut = m.indexOf(" (for ");
        if (m.startsWith("Missing required creator property") || m.startsWith("Missing creator property")) {
            int q1 = m.indexOf('\''), q2 = m.indexOf('\'', q1 + 1);
            if (q1 >= 0 && q2 > q1) return "missing required field '" + m.substring(q1 + 1, q2) + "'";
        }
        if (m.startsWith("Unrecognized field")) {
            int q1 = m.indexOf('"'), q2 = m.indexOf('"', q1 + 1);
            if (q1 >= 0 && q2 > q1) return "unknown field '" + m.substring(q1 + 1, q2) + "'";
        }
        return (cut > 0 ? m.substring(0, cut) : m).replace('\n', ' ');
    }
}
