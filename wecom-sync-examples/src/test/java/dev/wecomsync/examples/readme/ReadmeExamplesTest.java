package dev.wecomsync.examples.readme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiles every {@code ```java} block of the repository's {@code README.md} against this module's
 * test classpath (core, jdbc, server, testkit, H2, ...), so that each example works as pasted.
 *
 * <p>The rules, so that a block's author knows what the test does with it:
 * <ul>
 * <li>The {@code import} lines at the top of a block are its imports; nothing is imported for it.
 * <li>A block that declares a top-level type (a line starting with {@code class}, {@code interface},
 *     {@code record} or {@code enum}, after optional modifiers and annotations) is a compilation unit as
 *     it is. Other blocks are fragments: their lines after the imports become the body of a method
 *     {@code void example(...) throws Exception} of a class of their own.
 * <li>A fragment may start with {@code // given: Type name, Type name}: those are the method's
 *     parameters, the values a fragment takes from the surrounding application (its types must be
 *     imported by the block).
 * <li>All blocks are compiled together in one package, so a fragment may use a type another block
 *     declares (like the README's own {@code SyncTarget} example). A block that declares a type named
 *     like one of the library's (it shows an SPI as the library declares it) is compiled in a package
 *     of its own.
 * <li>Blocks that import Spring ({@code org.springframework}), the Servlet API ({@code jakarta.servlet})
 *     or Micrometer ({@code io.micrometer}) are not compiled: those libraries are not on this module's
 *     classpath.
 * </ul>
 */
class ReadmeExamplesTest {

    private static final Pattern BLOCK = Pattern.compile("(?m)^```java\\n(.*?)^```", Pattern.DOTALL);
    private static final Pattern TYPE = Pattern.compile(
            "(?m)^(?:@\\w+(?:\\([^)]*\\))?\\s+)*(?:(?:public|final|abstract|sealed|static)\\s+)*"
                    + "(?:class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern GIVEN = Pattern.compile("^//\\s*given:\\s*(.+)$");
    private static final List<String> NOT_ON_THE_CLASSPATH = List.of("org.springframework.", "jakarta.servlet.",
            "io.micrometer.");
    private static final Set<String> LIBRARY_TYPES = Set.of("SyncTarget", "RateLimiter", "SyncStateStore",
            "TokenStore", "EventInbox", "SyncListener", "SyncLock");

    @TempDir
    Path classes;

    @Test
    void everyJavaExampleOfTheReadmeCompiles() throws IOException {
        List<Block> blocks = blocks(Files.readString(readme(), StandardCharsets.UTF_8));
        assertThat(blocks).as("java blocks in README.md").hasSizeGreaterThan(5);

        List<Unit> units = new ArrayList<>();
        for (Block block : blocks) {
            if (!block.skipped()) {
                units.add(block.unit());
            }
        }
        List<String> errors = compile(units);

        assertThat(errors).as("README examples that do not compile").isEmpty();
    }

    @Test
    void aMissingImportFailsTheTest() {
        Block block = new Block(1, "import dev.wecomsync.client.WeComClient;\n\n"
                + "WeComClient client = WeComClient.builder().corpId(\"ww1\").secret(\"s\").build();\n"
                + "SyncReport report = null;\n");

        List<String> errors = compile(List.of(block.unit()));

        assertThat(errors).singleElement().asString().contains("README line 4").contains("SyncReport");
    }

    @Test
    void givenValuesBecomeParametersAndTypesAreCompiledAsTheyAre() {
        Block fragment = new Block(10, "import java.time.Duration;\n\n// given: Duration interval\n"
                + "long seconds = interval.toSeconds();\n");
        Block type = new Block(20, "import java.util.List;\n\npublic final class Listed {\n"
                + "    List<String> names = List.of();\n}\n");

        assertThat(compile(List.of(fragment.unit(), type.unit()))).isEmpty();
        assertThat(fragment.unit().source()).contains("void example(Duration interval) throws Exception {");
        assertThat(type.unit().name()).isEqualTo("Listed");
    }

    private static Path readme() {
        Path here = Path.of("").toAbsolutePath();
        for (Path dir = here; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("wecom-sync-core"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md above " + here);
    }

    static List<Block> blocks(String markdown) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(markdown);
        while (m.find()) {
            int line = (int) markdown.substring(0, m.start(1)).chars().filter(c -> c == '\n').count() + 1;
            blocks.add(new Block(line, m.group(1)));
        }
        return blocks;
    }

    private List<String> compile(List<Unit> units) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> options = List.of("-classpath", classpath, "-d", classes.toString(), "-proc:none",
                "-Xlint:none", "-nowarn", "--release", "17");
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            javac.getTask(null, files, diagnostics, options, null, units).call();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
                .map(d -> ((Unit) d.getSource()).where(d.getLineNumber()) + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.toList());
    }

    /** One {@code ```java} block and the line of README.md where its code starts. */
    record Block(int line, String code) {

        boolean skipped() {
            return code.lines().anyMatch(l -> l.startsWith("import ")
                    && NOT_ON_THE_CLASSPATH.stream().anyMatch(p -> l.substring(7).startsWith(p)));
        }

        Unit unit() {
            List<String> lines = code.lines().toList();
            int body = 0;
            while (body < lines.size() && (lines.get(body).startsWith("import ") || lines.get(body).isBlank())) {
                body++;
            }
            String imports = String.join("\n", lines.subList(0, body));
            Matcher type = TYPE.matcher(code);
            if (type.find()) {
                String pkg = LIBRARY_TYPES.contains(type.group(1)) ? "readme.block" + line : "readme";
                return new Unit(pkg, type.group(1), "package " + pkg + ";\n" + code, line, 1);
            }
            String parameters = "";
            if (body < lines.size()) {
                Matcher given = GIVEN.matcher(lines.get(body).strip());
                if (given.matches()) {
                    parameters = given.group(1).strip();
                }
            }
            String name = "ReadmeExample" + line;
            StringBuilder source = new StringBuilder("package readme;\n").append(imports).append(body > 0 ? "\n" : "")
                    .append("class ").append(name).append(" {\nvoid example(").append(parameters)
                    .append(") throws Exception {\n");
            lines.subList(body, lines.size()).forEach(l -> source.append(l).append('\n'));
            source.append("}\n}\n");
            // the header adds one line before the imports and two between the imports and the body
            return new Unit("readme", name, source.toString(), line, 1, body, 2);
        }
    }

    /** A compilation unit made of a block, mapping its lines back to README.md. */
    static final class Unit extends SimpleJavaFileObject {
        private final String name;
        private final String source;
        private final int readmeLine;
        private final int header;
        private final int bodyStart;
        private final int bodyShift;

        Unit(String pkg, String name, String source, int readmeLine, int header) {
            this(pkg, name, source, readmeLine, header, Integer.MAX_VALUE, 0);
        }

        Unit(String pkg, String name, String source, int readmeLine, int header, int bodyStart, int bodyShift) {
            super(URI.create("string:///" + pkg.replace('.', '/') + "/" + name + Kind.SOURCE.extension), Kind.SOURCE);
            this.name = name;
            this.source = source;
            this.readmeLine = readmeLine;
            this.header = header;
            this.bodyStart = bodyStart;
            this.bodyShift = bodyShift;
        }

        String name() {
            return name;
        }

        String source() {
            return source;
        }

        /** The README line of a line of this unit. */
        String where(long unitLine) {
            long blockLine = unitLine - header - 1;
            if (blockLine >= bodyStart) {
                blockLine -= bodyShift;
            }
            return "README line " + (readmeLine + Math.max(0, blockLine));
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }
    }
}
