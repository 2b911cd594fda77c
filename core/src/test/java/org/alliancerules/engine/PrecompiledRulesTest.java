package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build-time executable model is used only when it matches the packaged DRL; a rules directory is
 * cached by the checksum of its DRL, and an edited DRL is never served from a stale cache entry.
 */
class PrecompiledRulesTest {

    @Test
    void thePackagedPrecompiledRulesMatchThePackagedDrl() {
        List<RuleSource> sources = RuleSet.classpathSources();
        var precompiled = PrecompiledRules.load(sources, "test");
        assertThat(precompiled).as("rules/compiled/rules.kjar made by the build").isPresent();
        RuleSet compiled = RuleSet.compile(sources, "test");
        assertThat(precompiled.get().rules()).isEqualTo(compiled.rules());
        assertThat(precompiled.get().globals()).containsExactlyInAnyOrder("today", "admission", "check", "strikes", "grading",
                "contactQuota", "showcase");
    }

    @Test
    void aChangedDrlIsNotServedFromStalePackages() {
        List<RuleSource> sources = new ArrayList<>(RuleSet.classpathSources());
        RuleSource first = sources.get(0);
        sources.set(0, new RuleSource(first.name(), first.text() + "\n// edited\n"));
        assertThat(PrecompiledRules.load(sources, "test")).isEmpty();
    }

    @Test
    void anUnchangedRulesDirectoryIsServedFromTheCacheAndAnEditedOneIsNot(@TempDir Path dir) throws IOException {
        assertThat(PrecompiledRules.cacheFolder()).as("the build sets a cache folder for tests").isNotNull();
        List<RuleSource> sources = new ArrayList<>();
        for (RuleSource s : RuleSet.classpathSources()) {
            String name = s.name().substring(s.name().lastIndexOf('/') + 1);
            // a comment unique to this run, so the cache starts without this DRL
            String text = s.text() + "\n// " + dir.getFileName() + "\n";
            Files.writeString(dir.resolve(name), text);
            sources.add(new RuleSource(dir.resolve(name).toString(), text));
        }
        assertThat(PrecompiledRules.fromCache(sources, "test")).isEmpty();

        RuleSet first = RuleSet.fromDirectory(dir);
        var cached = PrecompiledRules.fromCache(sources, "test");
        assertThat(cached).as("the first run caches the compiled DRL").isPresent();
        assertThat(cached.get().rules()).isEqualTo(first.rules());

        List<RuleSource> edited = new ArrayList<>(sources);
        RuleSource last = edited.get(edited.size() - 1);
        edited.set(edited.size() - 1, new RuleSource(last.name(), last.text() + "// edited\n"));
        assertThat(PrecompiledRules.fromCache(edited, "test")).isEmpty();
    }
}
