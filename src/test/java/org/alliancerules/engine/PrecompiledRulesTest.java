package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The build-time compiled packages are used only when they match the packaged DRL. */
class PrecompiledRulesTest {

    @Test
    void thePackagedPrecompiledRulesMatchThePackagedDrl() {
        List<RuleSource> sources = RuleSet.classpathSources();
        var precompiled = PrecompiledRules.load(sources, "test");
        assertThat(precompiled).as("rules/compiled/packages.bin made by the build").isPresent();
        RuleSet compiled = RuleSet.compile(sources, "test");
        assertThat(precompiled.get().rules()).isEqualTo(compiled.rules());
    }

    @Test
    void aChangedDrlIsNotServedFromStalePackages() {
        List<RuleSource> sources = new ArrayList<>(RuleSet.classpathSources());
        RuleSource first = sources.get(0);
        sources.set(0, new RuleSource(first.name(), first.text() + "\n// edited\n"));
        assertThat(PrecompiledRules.load(sources, "test")).isEmpty();
    }
}
