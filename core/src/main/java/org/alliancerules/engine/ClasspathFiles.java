package org.alliancerules.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists and reads the files packaged in one classpath folder, from the jar or a classes directory. */
public final class ClasspathFiles {

    private ClasspathFiles() {
    }

    /** Resource names ("rules/admission.drl") directly in {@code folder} ending with {@code suffix}, sorted. */
    public static List<String> list(String folder, String suffix) {
        ClassLoader loader = ClasspathFiles.class.getClassLoader();
        URL root = loader.getResource(folder);
        if (root == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            if ("jar".equals(root.getProtocol())) {
                JarURLConnection conn = (JarURLConnection) root.openConnection();
                conn.setUseCaches(false);
                try (JarFile jar = conn.getJarFile()) {
                    Enumeration<JarEntry> entries = jar.entries();
                    while (entries.hasMoreElements()) {
                        String n = entries.nextElement().getName();
                        if (n.startsWith(folder + "/") && n.endsWith(suffix) && n.indexOf('/', folder.length() + 1) < 0) {
                            names.add(n);
                        }
                    }
                }
            } else {
                try (Stream<java.nio.file.Path> files = Files.list(Paths.get(root.toURI()))) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                            .forEach(n -> names.add(folder + "/" + n));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list packaged " + folder + "/", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot list packaged " + folder + "/", e);
        }
        Collections.sort(names);
        return names;
    }

    /** The UTF-8 text of a packaged resource. */
    public static String read(String name) {
        try (InputStream in = ClasspathFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing packaged resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read packaged " + name, e);
        }
    }
}
