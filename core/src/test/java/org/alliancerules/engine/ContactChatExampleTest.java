package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host-application example examples/ContactChat.java compiles and decides its one request as the rules say. */
class ContactChatExampleTest {

    @Test
    void theHostApplicationExampleDecidesOneContactRequest(@TempDir Path dir) throws Exception {
        Path source = dir.resolve("ContactChat.java");
        Files.copy(Path.of("examples/ContactChat.java"), source);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = javac.getTask(diagnostics, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", dir.toString()), null,
                javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjects(source.toFile())).call();
        assertThat(compiled).as("examples/ContactChat.java compiles:\n" + diagnostics).isTrue();

        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            loader.loadClass("ContactChat").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(old);
        }
        // tier from 100000 yuan (placeholder policy): 80 conversations a week; 12 used before, this one counted
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("CONTACT_ALLOWED IMQ-2, counted true, 67 left: ");
    }
}
