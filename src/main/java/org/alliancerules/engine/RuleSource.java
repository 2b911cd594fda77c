package org.alliancerules.engine;

/** One DRL file: the name a person knows it by (used in error locations) and its text. */
public record RuleSource(String name, String text) {
}
