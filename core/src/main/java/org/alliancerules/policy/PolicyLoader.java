package org.alliancerules.policy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.alliancerules.io.Document;
import org.alliancerules.io.InvalidInputException;
import org.alliancerules.io.LineIndex;
import org.alliancerules.io.Problem;
import org.alliancerules.io.RequestReader;
import org.alliancerules.io.TreeParser;

/**
 * Reads a policy profile (YAML, one document, no anchors or aliases) and checks that it is complete
 * and consistent before any rule sees it: every number finite, every rate and share in 0..1, every
 * score in 0..5, every count, day count and limit non-negative, every level LV0..LV7 with its limits,
 * and each upgrade value at least as good as its downgrade value. Every problem is reported, each at
 * the line of the value it is about.
 */
public final class PolicyLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            // optional fields: effectiveTo, absent meaning "until the next version" (see Policy; the mapper refuses
            // null creator values, so absence is injected as Policy.OPEN_ENDED, which Policy turns to null), and
            // the sections of issue 14 (a profile that leaves them out gets these, never null)
            .setInjectableValues(new InjectableValues.Std()
                    .addValue("effectiveTo", Policy.OPEN_ENDED)
                    .addValue("optional:ruleSet", Policy.DEFAULT_RULE_SET)
                    .addValue("optional:v3", V3Policy.NONE));

    private static final Set<String> PENALTY_RULES =
            Set.of("EVASION_INFO", "MERCHANT_VIOLATION", "ALLIANCE_MANAGEMENT", "OTHER");
    private static final Pattern ID = Pattern.compile("^[a-z0-9][a-z0-9-]*$");
    private static final Pattern VERSION = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9._-]*$");
    private static final Pattern CATEGORY = Pattern.compile("^[A-Z][A-Z_]*$");

    /** The grade levels a request can carry (grade.level of the request schema). */
    static final int LOWEST_LEVEL = 0;
    static final int HIGHEST_LEVEL = 7;

    /** Where each loaded policy's effectiveFrom is written ("file:line:col"), for the messages that name it. */
    private static final Map<Policy, String> EFFECTIVE_FROM_AT = Collections.synchronizedMap(new WeakHashMap<>());
    private static final Map<Policy, String> EFFECTIVE_TO_AT = Collections.synchronizedMap(new WeakHashMap<>());

    private PolicyLoader() {
    }

    /**
     * Reads and checks a policy file.
     *
     * @throws PolicyException listing every problem, each "file:line:col: path: message"; a file that
     *                         cannot be read is named ("no such file", "is a directory, not a file", ...)
     */
    public static Policy load(Path file) {
        if (Files.isDirectory(file)) {
            throw new PolicyException(List.of(file + ": is a directory, not a file"));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(file.toString(), in);
        } catch (IOException e) {
            throw new PolicyException(List.of(RequestReader.fileProblem(file, e).format()));
        }
    }

    public static Policy load(String source, InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new PolicyException(List.of(source + ": cannot read policy: " + e.getMessage()));
        }
        Document document;
        try {
            document = TreeParser.parse(source, bytes, true);
        } catch (InvalidInputException e) {
            throw new PolicyException(e.problems().stream().map(Problem::format).toList());
        }
        LineIndex lines = document.lines();
        List<String> unknown = new ArrayList<>();
        unknownKeys(document.root(), Policy.class, "", unknown);
        if (!unknown.isEmpty()) {
            throw new PolicyException(unknown.stream()
                    .map(path -> located(source, lines.locateKey(pointerOf(path))) + path + ": unknown field '"
                            + path.substring(path.lastIndexOf('.') + 1) + "'")
                    .toList());
        }
        Policy policy;
        try {
            policy = YAML.treeToValue(document.root(), Policy.class);
        } catch (JsonMappingException e) {
            String path = pathOf(e);
            String missing = missingField(e);
            if (missing != null && (path.equals(missing) || path.endsWith("." + missing))) {
                path = path.substring(0, path.length() - missing.length()).replaceAll("\\.$", ""); // at the section that lacks it
            }
            int[] at = lines.locateKey(path.isEmpty() ? "" : pointerOf(path));
            if (at[0] == 0 && e.getLocation() != null) {
                at = position(e.getLocation());
            }
            throw new PolicyException(List.of(located(source, at) + (path.isEmpty() ? "" : path + ": ") + cleanMessage(e)));
        } catch (JsonProcessingException e) {
            throw new PolicyException(List.of(located(source, position(e.getLocation())) + cleanMessage(e)));
        }
        if (policy == null) {
            throw new PolicyException(List.of(source + ": the policy file is empty"));
        }
        List<String> problems = check(policy);
        if (!problems.isEmpty()) {
            List<String> located = new ArrayList<>();
            for (String p : problems) {
                // problems start with the dotted path of the field they are about: point at its line
                String path = p.split("[ :]", 2)[0];
                located.add(located(source, lines.locateKey(pointerOf(path))) + p);
            }
            throw new PolicyException(located);
        }
        EFFECTIVE_FROM_AT.put(policy, located(source, lines.locate("/effectiveFrom")).replaceAll(": $", ""));
        if (policy.effectiveTo() != null) {
            EFFECTIVE_TO_AT.put(policy, located(source, lines.locate("/effectiveTo")).replaceAll(": $", ""));
        }
        return policy;
    }

    /** "file:line:col" of a loaded policy's effectiveTo, or of its effectiveFrom when it has none. */
    static String effectiveToAt(Policy policy) {
        String at = EFFECTIVE_TO_AT.get(policy);
        return at == null ? effectiveFromAt(policy) : at;
    }

    /** "file:line:col" of a loaded policy's effectiveFrom, or its label when it was not loaded from a file. */
    static String effectiveFromAt(Policy policy) {
        String at = EFFECTIVE_FROM_AT.get(policy);
        return at == null ? "policy " + policy.label() : at;
    }

    /**
     * Refuses to evaluate a day before the policy takes effect.
     *
     * @throws PolicyException naming the policy, where its effectiveFrom is written, and both dates
     */
    public static void checkInEffect(Policy policy, LocalDate asOf) {
        if (asOf != null && policy.effectiveFrom() != null && asOf.isBefore(policy.effectiveFrom())) {
            throw new PolicyException(List.of(effectiveFromAt(policy) + ": effectiveFrom: policy " + policy.label()
                    + " takes effect on " + policy.effectiveFrom() + ", after the day evaluated (asOf "
                    + asOf + "): evaluate a day on or after " + policy.effectiveFrom()
                    + ", or use a policy in effect on " + asOf));
        }
        if (asOf != null && policy.effectiveTo() != null && asOf.isAfter(policy.effectiveTo())) {
            throw new PolicyException(List.of(effectiveToAt(policy) + ": effectiveTo: policy " + policy.label()
                    + " was in force until " + policy.effectiveTo() + ", before the day evaluated (asOf " + asOf
                    + "): add a version of " + policy.id() + " in force on " + asOf + ", or evaluate a day up to "
                    + policy.effectiveTo()));
        }
    }

    private static String pointerOf(String dottedPath) {
        return "/" + dottedPath.replace('.', '/').replaceAll("\\[(\\d+)\\]", "/$1");
    }

    private static int[] position(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 1 ? new int[] {0, 0} : new int[] {loc.getLineNr(), loc.getColumnNr()};
    }

    /** Consistency checks a schema cannot state; every problem is reported. */
    static List<String> check(Policy p) {
        List<String> problems = new ArrayList<>();
        if (p.id() == null || !ID.matcher(p.id()).matches()) {
            problems.add("id must be lower-case letters, digits and '-' (as a request's policy names it), got " + quoted(p.id()));
        }
        if (p.version() == null || !VERSION.matcher(p.version()).matches()) {
            problems.add("version must be letters, digits, '.', '_' and '-' (a request may name it as " + p.id()
                    + "@<version>), got " + quoted(p.version()));
        }
        if (p.effectiveTo() != null && p.effectiveFrom() != null && p.effectiveTo().isBefore(p.effectiveFrom())) {
            problems.add("effectiveTo: " + p.effectiveTo() + " is before effectiveFrom " + p.effectiveFrom()
                    + " (a version is in force from effectiveFrom to effectiveTo, both included)");
        }
        AdmissionPolicy a = p.admission();
        score(problems, "admission.minScore", a.minScore());
        count(problems, "admission.newMerchantGraceDays", a.newMerchantGraceDays());
        count(problems, "admission.penaltyLookbackDays", a.penaltyLookbackDays());
        for (int i = 0; i < a.penaltyRules().size(); i++) {
            String rule = a.penaltyRules().get(i);
            if (!PENALTY_RULES.contains(rule)) {
                problems.add("admission.penaltyRules[" + i + "]: unknown rule " + rule + ", expected one of " + new TreeSet<>(PENALTY_RULES));
            }
        }
        CheckPolicy c = p.check();
        boolean scores = score(problems, "check.warningBelow", c.warningBelow())
                & score(problems, "check.closureBelow", c.closureBelow());
        if (scores && c.closureBelow() > c.warningBelow()) {
            problems.add("check.closureBelow: " + c.closureBelow() + " must not exceed check.warningBelow " + c.warningBelow());
        }
        if (p.strikes().banAtClosures() < 1) {
            problems.add("strikes.banAtClosures must be at least 1, got " + p.strikes().banAtClosures());
        }
        GradingPolicy g = p.grading();
        for (int i = 0; i < g.categories().size(); i++) {
            String category = g.categories().get(i);
            if (category == null || !CATEGORY.matcher(category).matches()) {
                problems.add("grading.categories[" + i + "] must be an upper-case category code such as FRESH, got " + quoted(category));
            }
        }
        boolean levels = level(problems, "grading.minLevel", g.minLevel()) & level(problems, "grading.maxLevel", g.maxLevel());
        if (levels && g.minLevel() > g.maxLevel()) {
            problems.add("grading.minLevel must not exceed grading.maxLevel");
        }
        if (levels && g.minLevel() <= g.maxLevel()) {
            for (int level = g.minLevel(); level <= g.maxLevel(); level++) {
                final int wanted = level;
                if (p.levels().stream().noneMatch(l -> l.level() == wanted)) {
                    problems.add("levels: level " + level + " has no limits");
                }
            }
            if (g.initialLevel() < g.minLevel() || g.initialLevel() > g.maxLevel()) {
                problems.add("grading.initialLevel: " + g.initialLevel() + " is outside " + g.minLevel() + ".." + g.maxLevel());
            }
        }
        count(problems, "grading.cadenceDays", g.cadenceDays());
        count(problems, "grading.clearanceDays", g.clearanceDays());
        rate(problems, "grading.fastUpgradeVolumeShare", g.fastUpgradeVolumeShare());
        rate(problems, "grading.fastUpgradeMinReviewRate", g.fastUpgradeMinReviewRate());
        boolean rates = rates(problems, "grading.upgrade", g.upgrade()) & rates(problems, "grading.downgrade", g.downgrade());
        if (rates && (g.upgrade().complaintRate() > g.downgrade().complaintRate()
                || g.upgrade().productGoodRate() < g.downgrade().productGoodRate()
                || g.upgrade().serviceGoodRate() < g.downgrade().serviceGoodRate())) {
            problems.add("grading.upgrade: values must be at least as good as grading.downgrade values"
                    + " (a merchant cannot be due to rise and drop at once)");
        }
        Set<Integer> seen = new TreeSet<>();
        for (int index = 0; index < p.levels().size(); index++) {
            LevelLimits l = p.levels().get(index);
            String at = "levels[" + index + "]";
            if (l == null) {
                problems.add(at + " must be a level's limits, got null");
                continue;
            }
            boolean ok = level(problems, at + ".level", l.level());
            if (ok && !seen.add(l.level())) {
                problems.add(at + ": level " + l.level() + " is listed twice");
            }
            ok &= count(problems, at + ".dailyOrderLimit", l.dailyOrderLimit())
                    & amount(problems, at + ".dailyGmvLimit", l.dailyGmvLimit())
                    & amount(problems, at + ".upgradeOrders", l.upgradeOrders())
                    & amount(problems, at + ".upgradeGmv", l.upgradeGmv())
                    & amount(problems, at + ".downgradeOrders", l.downgradeOrders())
                    & amount(problems, at + ".downgradeGmv", l.downgradeGmv());
            if (ok && (l.upgradeOrders() < l.downgradeOrders() || l.upgradeGmv() < l.downgradeGmv())) {
                problems.add(at + ": level " + l.level() + " upgrade values must not be below its downgrade values");
            }
        }
        checkP1(p, problems);
        V3PolicyCheck.check(p, problems); // P2: the seed-003 profile's section (issue 14)
        return problems;
    }

    /** P1 sections: the messaging quotas (IMQ) and the showcase (SHW). */
    private static void checkP1(Policy p, List<String> problems) {
        ContactQuotaPolicy q = p.contactQuota();
        try {
            java.time.ZoneId.of(q.timeZone());
        } catch (java.time.DateTimeException | NullPointerException e) {
            problems.add("contactQuota.timeZone: unknown time zone " + quoted(q.timeZone()) + " (a region such as Asia/Shanghai)");
        }
        count(problems, "contactQuota.institutionToCreator", q.institutionToCreator());
        count(problems, "contactQuota.teamLeaderToCreator", q.teamLeaderToCreator());
        count(problems, "contactQuota.teamLeaderToMerchant", q.teamLeaderToMerchant());
        List<MerchantQuotaTier> tiers = q.merchantTiers();
        if (tiers.isEmpty()) {
            problems.add("contactQuota.merchantTiers must list at least one tier (the first from 0 yuan)");
        }
        for (int i = 0; i < tiers.size(); i++) {
            MerchantQuotaTier t = tiers.get(i);
            String at = "contactQuota.merchantTiers[" + i + "]";
            if (t == null) {
                problems.add(at + " must be a tier, got null");
                continue;
            }
            if (amount(problems, at + ".fromGmv", t.fromGmv())) {
                if (i == 0 && t.fromGmv() != 0) {
                    problems.add(at + ".fromGmv: the first tier must start at 0 yuan, got " + t.fromGmv());
                }
                MerchantQuotaTier before = i == 0 ? null : tiers.get(i - 1);
                if (before != null && t.fromGmv() <= before.fromGmv()) {
                    problems.add(at + ".fromGmv: tiers must be listed by ascending fromGmv, got " + t.fromGmv()
                            + " after " + before.fromGmv());
                }
            }
            count(problems, at + ".conversations", t.conversations());
            count(problems, at + ".contactViews", t.contactViews());
        }
        Set<Integer> levels = new TreeSet<>();
        for (int i = 0; i < q.creatorLevels().size(); i++) {
            CreatorQuotaLevel l = q.creatorLevels().get(i);
            String at = "contactQuota.creatorLevels[" + i + "]";
            if (l == null) {
                problems.add(at + " must be a level's quota, got null");
                continue;
            }
            if (l.level() < LOWEST_LEVEL || l.level() > HIGHEST_LEVEL) {
                problems.add(at + ".level must be a creator level within " + LOWEST_LEVEL + ".." + HIGHEST_LEVEL
                        + " (LV0..LV7), got " + l.level());
            } else if (!levels.add(l.level())) {
                problems.add(at + ": level " + l.level() + " is listed twice");
            }
            count(problems, at + ".conversations", l.conversations());
        }
        for (int level = LOWEST_LEVEL; level <= HIGHEST_LEVEL; level++) {
            if (!levels.contains(level)) {
                problems.add("contactQuota.creatorLevels: level " + level + " has no quota (LV0..LV7 each need one)");
            }
        }
        ShowcasePolicy s = p.showcase();
        count(problems, "showcase.minFollowers", s.minFollowers());
        count(problems, "showcase.minPublishedWorks", s.minPublishedWorks());
        amount(problems, "showcase.deposit", s.deposit());
    }

    private static String quoted(String text) {
        return text == null ? "null" : "\"" + text + "\"";
    }

    /** A finite number; false (with a problem) when it is not. */
    static boolean finite(List<String> problems, String path, double value) {
        if (Double.isFinite(value)) {
            return true;
        }
        problems.add(path + " must be a finite number, got " + (Double.isNaN(value) ? "NaN"
                : "a number too " + (value > 0 ? "large" : "small") + " to represent"));
        return false;
    }

    static boolean score(List<String> problems, String path, double value) {
        if (!finite(problems, path, value)) {
            return false;
        }
        if (value < 0 || value > 5) {
            problems.add(path + " must be within 0..5 (an experience score), got " + value);
            return false;
        }
        return true;
    }

    static boolean rate(List<String> problems, String path, double value) {
        if (!finite(problems, path, value)) {
            return false;
        }
        if (value < 0 || value > 1) {
            problems.add(path + " must be a fraction within 0..1 (0.8 is 80%), got " + value);
            return false;
        }
        return true;
    }

    private static boolean rates(List<String> problems, String path, GradingPolicy.Rates rates) {
        if (rates == null) {
            problems.add(path + " is missing");
            return false;
        }
        return rate(problems, path + ".complaintRate", rates.complaintRate())
                & rate(problems, path + ".productGoodRate", rates.productGoodRate())
                & rate(problems, path + ".serviceGoodRate", rates.serviceGoodRate());
    }

    static boolean count(List<String> problems, String path, long value) {
        if (value < 0) {
            problems.add(path + " must not be negative, got " + value);
            return false;
        }
        return true;
    }

    static boolean amount(List<String> problems, String path, double value) {
        if (!finite(problems, path, value)) {
            return false;
        }
        if (value < 0) {
            problems.add(path + " must not be negative, got " + value);
            return false;
        }
        return true;
    }

    private static boolean level(List<String> problems, String path, int value) {
        if (value < LOWEST_LEVEL || value > HIGHEST_LEVEL) {
            problems.add(path + " must be a grade level within " + LOWEST_LEVEL + ".." + HIGHEST_LEVEL + " (LV0..LV7), got " + value);
            return false;
        }
        return true;
    }

    private static String located(String source, int[] at) {
        if (at == null || at[0] < 1) {
            return source + ": ";
        }
        return source + ":" + at[0] + ":" + at[1] + ": ";
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
        return path.toString();
    }

    /**
     * The dotted paths of keys no policy record has, each reported at its own line (Jackson reports the
     * first one only, and after a missing field it causes).
     */
    private static void unknownKeys(com.fasterxml.jackson.databind.JsonNode node, Class<?> type, String path, List<String> out) {
        if (node == null || !node.isObject() || !type.isRecord()) {
            return;
        }
        Map<String, java.lang.reflect.RecordComponent> components = new java.util.HashMap<>();
        for (java.lang.reflect.RecordComponent c : type.getRecordComponents()) {
            components.put(c.getName(), c);
        }
        for (java.util.Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, com.fasterxml.jackson.databind.JsonNode> field = it.next();
            String at = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
            java.lang.reflect.RecordComponent c = components.get(field.getKey());
            if (c == null) {
                out.add(at);
            } else if (c.getType().isRecord()) {
                unknownKeys(field.getValue(), c.getType(), at, out);
            } else if (List.class.isAssignableFrom(c.getType()) && field.getValue().isArray()
                    && c.getGenericType() instanceof java.lang.reflect.ParameterizedType list
                    && list.getActualTypeArguments()[0] instanceof Class<?> element && element.isRecord()) {
                for (int i = 0; i < field.getValue().size(); i++) {
                    unknownKeys(field.getValue().get(i), element, at + "[" + i + "]", out);
                }
            }
        }
    }

    /** The field a "missing required creator property" failure is about, or null. */
    private static String missingField(JsonMappingException e) {
        String m = e.getOriginalMessage();
        if (m != null && (m.startsWith("Missing required creator property") || m.startsWith("Missing creator property"))) {
            int q1 = m.indexOf('\''), q2 = m.indexOf('\'', q1 + 1);
            if (q1 >= 0 && q2 > q1) return m.substring(q1 + 1, q2);
        }
        return null;
    }

    private static String cleanMessage(JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null) return "invalid policy";
        if (e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException f
                && f.getTargetType() == LocalDate.class) {
            return "must be a real calendar date YYYY-MM-DD, got " + (f.getValue() == null ? "nothing" : "\"" + f.getValue() + "\"");
        }
        if (m.contains("java.time.LocalDate")) {
            return "must be a date YYYY-MM-DD";
        }
        if (m.startsWith("Cannot construct instance of `")) {
            return "must be a section (key: value lines)";
        }
        if (m.startsWith("Cannot deserialize value of type `")) {
            String type = m.substring("Cannot deserialize value of type `".length(), m.indexOf('`', "Cannot deserialize value of type `".length()));
            String simple = type.substring(type.lastIndexOf('.') + 1);
            return switch (simple) {
                case "int", "long", "java.lang.Integer", "Integer", "Long" -> "must be a whole number";
                case "double", "Double" -> "must be a number";
                case "boolean", "Boolean" -> "must be true or false";
                case "String" -> "must be a text";
                default -> simple.startsWith("List") || type.startsWith("java.util.List") ? "must be a list"
                        : "must be a section (key: value lines)";
            };
        }
        if (m.startsWith("Missing required creator property") || m.startsWith("Missing creator property")) {
            int q1 = m.indexOf('\''), q2 = m.indexOf('\'', q1 + 1);
            if (q1 >= 0 && q2 > q1) return "missing required field '" + m.substring(q1 + 1, q2) + "'";
        }
        if (m.startsWith("Unrecognized field")) {
            int q1 = m.indexOf('"'), q2 = m.indexOf('"', q1 + 1);
            if (q1 >= 0 && q2 > q1) return "unknown field '" + m.substring(q1 + 1, q2) + "'";
        }
        if (m.startsWith("Cannot coerce Floating-point value")) {
            return "must be a whole number";
        }
        if (m.contains("out of range of int") || m.contains("out of range of long")) {
            return "the number is too large";
        }
        int cut = m.indexOf(" (for ");
        return TreeParser.clean(cut > 0 ? m.substring(0, cut) : m);
    }
}
