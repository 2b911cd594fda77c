package org.alliancerules.engine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipInputStream;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Type;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.FieldInsnNode;
import org.objectweb.asm.tree.InvokeDynamicInsnNode;
import org.objectweb.asm.tree.LdcInsnNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.MultiANewArrayInsnNode;
import org.objectweb.asm.tree.TypeInsnNode;

/**
 * The allow-list of what rules may use, checked on what the compiled rules really call: the bytecode of
 * every class Drools' executable model generates for the DRL (constraints, consequences, functions),
 * read with ASM. Every method call, field access, {@code new}, cast, instanceof, class constant and
 * lambda or bootstrap method handle must name an allowed class (and member). A fully qualified name, a
 * DRL function or an MVEL consequence cannot slip past: they all end up in these classes.
 *
 * <p>Allowed: the fact model ({@code org.alliancerules.facts}), the policy records, {@link RuleSupport},
 * the request model ({@code org.alliancerules.model}), {@code java.lang} maths, strings, boxes and
 * exceptions, {@code java.time} without the clock ({@code now()}, {@code Clock}), {@code java.math}, {@code java.util} collections, functions and streams,
 * and the Drools runtime classes the generated code itself needs. Everything else ({@code System},
 * {@code Runtime}, {@code java.io}, {@code java.nio}, {@code java.net}, reflection, threads,
 * {@code java.util.concurrent}, class loading, ...) is refused.
 */
final class RuleGuard {

    /** Changes whenever the allow-list changes: precompiled rules checked by another list are not trusted. */
    static final String VERSION = "rule-guard-6";

    static final String ALLOWED = "the fact model, the policy, RuleSupport, java.lang maths and strings, java.time, "
            + "java.util collections";

    private static final Set<String> JAVA_LANG = Set.of("Object", "String", "StringBuilder", "StringBuffer",
            "CharSequence", "Math", "StrictMath", "Number", "Integer", "Long", "Double", "Float", "Short", "Byte",
            "Boolean", "Character", "Comparable", "Iterable", "Enum", "Record", "Void", "AutoCloseable", "Runnable",
            "Cloneable", "Throwable", "AssertionError", "System");
    private static final Set<String> JAVA_UTIL = Set.of("List", "ArrayList", "LinkedList", "Map", "Map$Entry",
            "HashMap", "LinkedHashMap", "TreeMap", "SortedMap", "NavigableMap", "EnumMap", "Set", "HashSet",
            "LinkedHashSet", "TreeSet", "SortedSet", "NavigableSet", "EnumSet", "Collection", "Collections",
            "Arrays", "Objects", "Optional", "OptionalInt", "OptionalLong", "OptionalDouble", "Iterator",
            "ListIterator", "Comparator", "Deque", "ArrayDeque", "Queue", "StringJoiner", "Locale",
            "AbstractMap$SimpleEntry", "AbstractMap$SimpleImmutableEntry", "RandomAccess");
    private static final Set<String> POLICY = Set.of("AdmissionPolicy", "CheckPolicy", "GradingPolicy",
            "GradingPolicy$Rates", "LevelLimits", "Policy", "StrikePolicy", "ContactQuotaPolicy", "MerchantQuotaTier",
            "CreatorQuotaLevel", "ShowcasePolicy",
            // P2, the seed-003 profile (issue 14): its section and the working-day calendar RuleSupport reads
            "V3Policy", "V3Policy$Admission", "V3Policy$Ladder", "V3Policy$Operating", "V3Policy$Products",
            "V3Policy$Settlement", "V3Policy$Disputes", "V3Policy$WorkingCalendar");
    /** Methods refused even on an allowed class. */
    private static final Map<String, Set<String>> REFUSED_MEMBERS = Map.of(
            "java/lang/Object", Set.of("getClass", "wait", "notify", "notifyAll", "finalize"),
            "java/lang/Integer", Set.of("getInteger"),
            "java/lang/Long", Set.of("getLong"),
            "java/lang/Boolean", Set.of("getBoolean"),
            "java/util/Locale", Set.of("setDefault"));
    /** Methods of the Drools runtime a rule may not call: they reach the session, its channels or halt it. */
    private static final Set<String> REFUSED_RUNTIME = Set.of("getKieRuntime", "getRuntime", "getContext",
            "getChannel", "getChannels", "halt", "insertAsync", "getKieBase", "getKieSession", "getWorkingMemory",
            "getClass", "wait", "notify", "notifyAll");

    private RuleGuard() {
    }

    /** Whether rules may use this class (an internal name, e.g. java/lang/String, or an array descriptor). */
    static boolean allowedType(String internal, Set<String> generated) {
        Type t = internal.startsWith("[") ? Type.getType(internal) : Type.getObjectType(internal);
        while (t.getSort() == Type.ARRAY) {
            t = t.getElementType();
        }
        if (t.getSort() != Type.OBJECT) {
            return true;
        }
        String n = t.getInternalName();
        if (generated.contains(n)) {
            return true;
        }
        if (n.startsWith("org/alliancerules/facts/") || n.startsWith("org/alliancerules/model/")
                || n.equals("org/alliancerules/engine/RuleSupport")) {
            return true;
        }
        if (n.startsWith("org/alliancerules/policy/")) {
            return POLICY.contains(n.substring("org/alliancerules/policy/".length()));
        }
        if (n.startsWith("java/lang/") && n.indexOf('/', "java/lang/".length()) < 0) {
            String simple = n.substring("java/lang/".length());
            return JAVA_LANG.contains(simple) || simple.startsWith("Character$")
                    || (simple.endsWith("Exception") && !simple.contains("$"));
        }
        if (n.equals("java/time/Clock") || n.equals("java/time/InstantSource")) {
            return false; // time is an input: the rules read the request's day (the global today), never a clock
        }
        if (n.startsWith("java/time/") || n.startsWith("java/math/") || n.startsWith("java/util/function/")
                || n.startsWith("java/util/stream/")) {
            return true;
        }
        if (n.startsWith("java/util/") && n.indexOf('/', "java/util/".length()) < 0) {
            return JAVA_UTIL.contains(n.substring("java/util/".length()));
        }
        // the Drools runtime the generated code itself needs
        return n.startsWith("org/drools/model/") || n.startsWith("org/drools/modelcompiler/")
                || n.startsWith("org/drools/core/base/accumulators/") || n.equals("org/drools/util/DateUtils")
                || n.equals("org/kie/api/runtime/rule/RuleContext") || n.equals("org/kie/api/runtime/rule/Match")
                || n.equals("org/kie/api/runtime/rule/FactHandle") || n.equals("org/kie/api/definition/rule/Rule");
    }

    /** Whether rules may use this member of an allowed class. */
    static boolean allowedMember(String owner, String name) {
        if (owner.equals("java/lang/System")) {
            return name.equals("arraycopy") || name.equals("identityHashCode");
        }
        if (owner.startsWith("org/drools/") || owner.startsWith("org/kie/")) {
            return !REFUSED_RUNTIME.contains(name);
        }
        if (owner.startsWith("java/time/") && name.equals("now")) {
            return false; // LocalDate.now(), Instant.now(), ...: the system clock
        }
        if (owner.startsWith("java/lang/") && (owner.endsWith("Exception") || owner.endsWith("Error")
                || owner.equals("java/lang/Throwable"))) {
            return !name.equals("printStackTrace") && !name.equals("setStackTrace");
        }
        Set<String> refused = REFUSED_MEMBERS.get(owner);
        if (refused != null && refused.contains(name)) {
            return false;
        }
        // any class: Object's own methods that reach the class or the monitor
        return !name.equals("getClass") && !name.equals("wait") && !name.equals("notify") && !name.equals("notifyAll");
    }

    /** One refused use in the compiled rules. */
    record Violation(String className, String method, String verb, String owner, String member) {

        /** "java.lang.System.exit" or "java.io.File". */
        String what() {
            String type = Type.getObjectType(owner).getClassName();
            return member == null ? type : type + "." + member;
        }

        /** Where to look for it in the DRL text, most specific first. */
        List<String> needles() {
            String type = Type.getObjectType(owner).getClassName();
            String simple = type.substring(type.lastIndexOf('.') + 1);
            String inner = simple.substring(simple.lastIndexOf('$') + 1);
            List<String> n = new ArrayList<>();
            if (member != null) {
                n.add(type + "." + member);
                n.add(inner + "." + member);
                n.add(inner + "::" + member);
                n.add("." + member + "(");
                n.add(member + "(");
            }
            n.add(type);
            n.add(inner);
            if (member != null) {
                n.add(member);
            }
            return n;
        }
    }

    /**
     * Checks the executable model's module (jar bytes made by {@link ExecutableModel#build}): one located
     * error for each rule or function that uses something not allowed (its first such use).
     */
    static List<RuleError> check(byte[] module, DrlIndex drl, String origin) {
        Map<String, ClassNode> classes = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(module))) {
            for (var entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".class")) {
                    continue;
                }
                ClassNode cn = new ClassNode();
                new ClassReader(zip.readAllBytes()).accept(cn, ClassReader.SKIP_FRAMES);
                classes.put(cn.name, cn);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the compiled rules", e);
        }
        // the module made from the kmodule descriptor (not from the DRL)
        classes.keySet().removeIf(n -> n.startsWith("org/drools/project/model/ProjectModel"));
        Set<String> generated = classes.keySet();

        Map<String, String> ruleOfClass = new HashMap<>();
        Map<String, String> ruleOfMethod = new HashMap<>();
        for (ClassNode cn : classes.values()) {
            for (MethodNode m : cn.methods) {
                String rule = ruleBuiltBy(m);
                if (rule == null) {
                    continue;
                }
                for (AbstractInsnNode in : m.instructions) {
                    String target = in instanceof FieldInsnNode f ? f.owner
                            : in instanceof MethodInsnNode mi ? mi.owner
                            : in instanceof TypeInsnNode ti ? ti.desc : null;
                    if (target != null && generated.contains(target) && !target.equals(cn.name)) {
                        ruleOfClass.putIfAbsent(target, rule);
                    }
                    if (in instanceof InvokeDynamicInsnNode indy) {
                        for (Object arg : indy.bsmArgs) {
                            if (arg instanceof Handle h && generated.contains(h.getOwner())) {
                                ruleOfMethod.putIfAbsent(h.getOwner() + "." + h.getName(), rule);
                            }
                        }
                    }
                }
                ruleOfMethod.putIfAbsent(cn.name + "." + m.name, rule);
            }
        }

        Map<String, RuleError> errors = new LinkedHashMap<>();
        for (ClassNode cn : classes.values()) {
            for (MethodNode m : cn.methods) {
                for (Violation v : violations(cn, m, generated)) {
                    DrlIndex.Unit unit = unitOf(v, cn, m, drl, ruleOfClass, ruleOfMethod);
                    String key = unit == null ? v.what() : unit.label();
                    String message = (unit == null ? "the rules " : unit.label() + " ") + v.verb() + " " + v.what()
                            + ", which rules may not use (allowed: " + ALLOWED + ")";
                    RuleError error = unit == null ? new RuleError(origin, 0, 0, message) : unit.at(message, v.needles());
                    // one error per rule or function: its first refused use in the text
                    errors.merge(key, error, (a, b) -> b.line() < a.line()
                            || (b.line() == a.line() && b.column() < a.column()) ? b : a);
                }
            }
        }
        return new ArrayList<>(errors.values());
    }

    /** The name of the rule a RuleMethods method builds (the second argument of D.rule(pkg, name)). */
    private static String ruleBuiltBy(MethodNode m) {
        String last = null;
        for (AbstractInsnNode in : m.instructions) {
            if (in instanceof LdcInsnNode ldc && ldc.cst instanceof String s) {
                last = s;
            } else if (in instanceof MethodInsnNode mi && mi.name.equals("rule")
                    && mi.owner.equals("org/drools/modelcompiler/dsl/pattern/D")
                    && mi.desc.startsWith("(Ljava/lang/String;Ljava/lang/String;)")) {
                return last;
            }
        }
        return null;
    }

    private static DrlIndex.Unit unitOf(Violation v, ClassNode cn, MethodNode m, DrlIndex drl,
                                        Map<String, String> ruleOfClass, Map<String, String> ruleOfMethod) {
        String rule = ruleOfMethod.get(cn.name + "." + m.name);
        if (rule != null && drl.rule(rule) != null) {
            return drl.rule(rule);
        }
        // a DRL function is a static method of the model class (its lambdas lambda$NAME$n)
        boolean model = cn.interfaces.contains("org/drools/model/Model");
        String method = m.name.startsWith("lambda$") ? m.name.split("\\$")[1] : m.name;
        if (model && drl.function(method) != null) {
            return drl.function(method);
        }
        rule = model ? null : ruleOfClass.get(cn.name);
        if (rule != null && drl.rule(rule) != null) {
            return drl.rule(rule);
        }
        // otherwise: the rule whose text names it
        for (DrlIndex.Unit u : drl.rules()) {
            RuleError at = u.at("", v.needles().subList(0, Math.min(2, v.needles().size())));
            if (at.line() != u.line() || at.column() != u.column()) {
                return u;
            }
        }
        return null;
    }

    private static List<Violation> violations(ClassNode cn, MethodNode m, Set<String> generated) {
        List<Violation> found = new ArrayList<>();
        for (AbstractInsnNode in : m.instructions) {
            if (in instanceof MethodInsnNode mi) {
                String owner = mi.owner;
                if (!allowedType(owner, generated)) {
                    found.add(new Violation(cn.name, m.name, mi.name.equals("<init>") ? "creates" : "calls", owner,
                            mi.name.equals("<init>") ? null : mi.name));
                } else if (!generated.contains(owner) && !allowedMember(owner, mi.name)) {
                    found.add(new Violation(cn.name, m.name, "calls", owner, mi.name));
                }
            } else if (in instanceof FieldInsnNode fi) {
                if (!allowedType(fi.owner, generated) || (!generated.contains(fi.owner) && !allowedMember(fi.owner, fi.name))) {
                    found.add(new Violation(cn.name, m.name, "uses", fi.owner, fi.name));
                }
            } else if (in instanceof TypeInsnNode ti) {
                if (!allowedType(ti.desc, generated)) {
                    found.add(new Violation(cn.name, m.name, in.getOpcode() == org.objectweb.asm.Opcodes.NEW
                            ? "creates" : "uses", elementName(ti.desc), null));
                }
            } else if (in instanceof MultiANewArrayInsnNode ma) {
                if (!allowedType(ma.desc, generated)) {
                    found.add(new Violation(cn.name, m.name, "uses", elementName(ma.desc), null));
                }
            } else if (in instanceof LdcInsnNode ldc && ldc.cst instanceof Type t) {
                if (t.getSort() == Type.OBJECT || t.getSort() == Type.ARRAY) {
                    if (!allowedType(t.getDescriptor().startsWith("[") ? t.getDescriptor() : t.getInternalName(), generated)) {
                        found.add(new Violation(cn.name, m.name, "uses", elementName(t.getInternalName()), null));
                    }
                } else {
                    found.add(new Violation(cn.name, m.name, "uses", "java/lang/invoke/MethodType", null));
                }
            } else if (in instanceof LdcInsnNode ldc && ldc.cst instanceof Handle h) {
                found.add(new Violation(cn.name, m.name, "calls", h.getOwner(), h.getName()));
            } else if (in instanceof InvokeDynamicInsnNode indy) {
                Handle bsm = indy.bsm;
                boolean lambda = bsm.getOwner().equals("java/lang/invoke/LambdaMetafactory");
                boolean concat = bsm.getOwner().equals("java/lang/invoke/StringConcatFactory");
                boolean records = bsm.getOwner().equals("java/lang/runtime/ObjectMethods");
                if (!lambda && !concat && !records) {
                    found.add(new Violation(cn.name, m.name, "calls", bsm.getOwner(), bsm.getName()));
                    continue;
                }
                for (Object arg : indy.bsmArgs) {
                    if (arg instanceof Handle h && !generated.contains(h.getOwner())
                            && (!allowedType(h.getOwner(), generated) || !allowedMember(h.getOwner(), h.getName()))) {
                        boolean init = h.getName().equals("<init>");
                        found.add(new Violation(cn.name, m.name, init ? "creates" : "calls", h.getOwner(),
                                init ? null : h.getName()));
                    } else if (arg instanceof Type t && t.getSort() == Type.OBJECT
                            && !allowedType(t.getInternalName(), generated)) {
                        found.add(new Violation(cn.name, m.name, "uses", t.getInternalName(), null));
                    }
                }
            }
        }
        return found;
    }

    private static String elementName(String desc) {
        if (!desc.startsWith("[")) {
            return desc;
        }
        Type t = Type.getType(desc).getElementType();
        return t.getSort() == Type.OBJECT ? t.getInternalName() : t.getClassName();
    }
}
