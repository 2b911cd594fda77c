package example;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The two ways into the engine a host has, run as a host runs them (this project depends on alliance-rules-core
 * alone): the RulesEngine facade and a raw KIE session from core's kjar. Both print one line per decision of the
 * bundled sample request; the decisions come from the spec's rules (m-1002's score 3.41 is below the closure line
 * of 3.50, CHK-2), and the raw session gives exactly the facade's decisions.
 */
class HostAppTest {

    /** The bundled sample request, whether the build runs from the repository's root or from this folder. */
    static final Path SAMPLE = Files.exists(Path.of("../sample-request.json")) ? Path.of("../sample-request.json")
            : Path.of("examples/sample-request.json");

    static List<String> run(ThrowingMain main) throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            main.run(new String[] {SAMPLE.toString()});
        } finally {
            System.setOut(before);
        }
        return out.toString(StandardCharsets.UTF_8).lines().sorted().toList();
    }

    interface ThrowingMain {
        void run(String[] args) throws Exception;
    }

    @Test
    void theFacadeClosesAMemberBelowTheClosureLine() throws Exception {
        List<String> lines = run(FacadeHost::main);
        assertThat(lines).contains("m-1002 ALLIANCE_CLOSED CHK-2: experience score 3.41 < 3.50");
        assertThat(lines).noneMatch(l -> l.startsWith("m-1001 ALLIANCE_CLOSED"));
    }

    @Test
    void aRawKieSessionFromTheKjarGivesTheFacadesDecisions() throws Exception {
        List<String> facade = run(FacadeHost::main);
        List<String> raw = run(KieSessionHost::main);
        assertThat(raw).isNotEmpty().isEqualTo(facade);
    }
}
