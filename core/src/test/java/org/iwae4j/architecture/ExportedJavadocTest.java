package org.iwae4j.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.source.doctree.DocCommentTree;
import com.sun.source.doctree.DocTree;
import com.sun.source.doctree.ParamTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.ModifiersTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.lang.model.element.Modifier;
import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;

/**
 * Javadoc complete on everything exported ({@link FrontDoorTest#EXPORTED}): each exported type, and
 * each of its public members (for an interface: every member not private; enum constants and
 * nested public types included), has a doc comment; a method's or constructor's comment names
 * every parameter with {@code @param} and, unless void, the result with {@code @return}; a
 * record's comment names every component. Members that override inherit their comment and are
 * passed over, as javadoc does. The sources are parsed with the JDK's own compiler API (what
 * {@code javadoc -Xdoclint:missing} reads), so the check runs without a javadoc build.
 */
class ExportedJavadocTest {
    static final Path SOURCES = Path.of("src", "main", "java");
    static final Path QUICKSTART = Path.of("..", "examples", "quickstart", "src", "main", "java", "example",
            "QuickStart.java");
    static final Path README = Path.of("..", "README.md");

    @Test
    void everyPublicMemberOfAnExportedTypeIsDocumented() throws IOException {
        Map<Path, List<Class<?>>> byFile = new LinkedHashMap<>();
        for (Class<?> type : FrontDoorTest.EXPORTED) {
            Class<?> top = type;
            while (top.getEnclosingClass() != null) {
                top = top.getEnclosingClass();
            }
            byFile.computeIfAbsent(SOURCES.resolve(top.getName().replace('.', '/') + ".java").toAbsolutePath(),
                    f -> new ArrayList<>())
                    .add(type);
        }
        Set<String> gaps = new TreeSet<>();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            JavacTask task = (JavacTask) javac.getTask(null, files, null, List.of("-proc:none"), null,
                    files.getJavaFileObjectsFromPaths(byFile.keySet()));
            DocTrees docs = DocTrees.instance(task);
            for (CompilationUnitTree unit : task.parse()) {
                List<Class<?>> exported = byFile.get(Path.of(unit.getSourceFile().toUri()));
                new Checker(docs, unit.getPackageName().toString(), exported, gaps).scan(unit, null);
            }
        }
        assertEquals(Set.of(), gaps, "exported members without a complete doc comment");
    }

    /**
     * The Javadoc the build attaches ({@code mvn install}, the {@code verify} phase) builds: the
     * javadoc tool with the POM's doclint setting ({@code all,-missing}) over every main source,
     * which {@code mvn test} alone never runs (a bare {@code <} in a comment once broke it).
     */
    @Test
    void theJavadocJarBuilds(@org.junit.jupiter.api.io.TempDir Path out) throws IOException {
        javax.tools.DocumentationTool javadoc = ToolProvider.getSystemDocumentationTool();
        List<Path> sources;
        try (var walk = Files.walk(SOURCES)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        javax.tools.DiagnosticCollector<javax.tools.JavaFileObject> problems = new javax.tools.DiagnosticCollector<>();
        try (StandardJavaFileManager files = javadoc.getStandardFileManager(null, null, null)) {
            boolean built = javadoc.getTask(null, files, problems, null,
                    List.of("-Xdoclint:all,-missing", "-quiet", "-d", out.toString(), "-classpath",
                            System.getProperty("java.class.path")),
                    files.getJavaFileObjectsFromPaths(sources)).call();
            String errors = problems.getDiagnostics().stream()
                    .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                    .map(d -> (d.getSource() == null ? "" : Path.of(d.getSource().toUri()).getFileName() + ":"
                            + d.getLineNumber() + ": ") + d.getMessage(null))
                    .collect(Collectors.joining("\n"));
            assertTrue(built && errors.isEmpty(), "javadoc fails:\n" + errors);
        }
    }

    /**
     * The README's library example and the quickstart project name only exported types: every
     * iwae4j type the README's first Java block names in its code (not its comments), and every
     * iwae4j import of the quickstart.
     */
    @Test
    void theQuickstartNamesOnlyExportedTypes() throws IOException {
        Set<String> exported = FrontDoorTest.EXPORTED.stream().map(Class::getName).collect(Collectors.toSet());
        Set<String> exportedSimple = FrontDoorTest.EXPORTED.stream().map(Class::getSimpleName).collect(Collectors.toSet());
        Set<String> internal = new TreeSet<>();
        Matcher imports = Pattern.compile("(?m)^import (org\\.iwae4j\\.[\\w.]+);").matcher(Files.readString(QUICKSTART));
        int count = 0;
        while (imports.find()) {
            count++;
            if (!exported.contains(imports.group(1))) {
                internal.add(imports.group(1));
            }
        }
        assertTrue(count >= 3, "the quickstart imports the library (" + count + " imports read)");

        String readme = Files.readString(README);
        int start = readme.indexOf("```java", readme.indexOf("## Use it as a Java library"));
        String block = readme.substring(start, readme.indexOf("```", start + 7)).replaceAll("//[^\n]*", "");
        Set<String> iwaeTypes = simpleNamesOfMainTypes();
        Matcher names = Pattern.compile("\\b[A-Z][A-Za-z0-9]+\\b").matcher(block);
        int named = 0;
        while (names.find()) {
            if (iwaeTypes.contains(names.group())) {
                named++;
                if (!exportedSimple.contains(names.group())) {
                    internal.add(names.group());
                }
            }
        }
        assertTrue(named >= 5, "the README's example names the library's types (" + named + " read)");
        assertEquals(Set.of(), internal, "internal types named by the quickstart or the README's example");
    }

    private static Set<String> simpleNamesOfMainTypes() throws IOException {
        try (var walk = Files.walk(SOURCES)) {
            return walk.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toSet());
        }
    }

    /** Walks one source file, checking the exported types in it. */
    private static final class Checker extends TreePathScanner<Void, Void> {
        private final DocTrees docs;
        private final List<Class<?>> exported;
        private final Set<String> gaps;
        private final Deque<String> names = new ArrayDeque<>();

        Checker(DocTrees docs, String packageName, List<Class<?>> exported, Set<String> gaps) {
            this.docs = docs;
            this.exported = exported == null ? List.of() : exported;
            this.gaps = gaps;
            names.push(packageName);
        }

        @Override
        public Void visitClass(ClassTree type, Void unused) {
            String name = names.peek() + (names.size() == 1 ? "." : "$") + type.getSimpleName();
            Class<?> checked = exported.stream().filter(c -> c.getName().equals(name)).findFirst().orElse(null);
            if (checked != null) {
                checkType(type, checked);
            }
            names.push(name);
            try {
                return super.visitClass(type, unused);
            } finally {
                names.pop();
            }
        }

        @Override
        public Void visitMethod(MethodTree method, Void unused) {
            return null; // bodies hold local classes, not members
        }

        @Override
        public Void visitVariable(VariableTree variable, Void unused) {
            return null;
        }

        private void checkType(ClassTree type, Class<?> checked) {
            String where = checked.getSimpleName();
            DocCommentTree typeDoc = docs.getDocCommentTree(getCurrentPath());
            if (typeDoc == null) {
                gaps.add(where + ": no doc comment");
            } else if (checked.isRecord()) {
                Set<String> documented = params(typeDoc);
                for (RecordComponent c : checked.getRecordComponents()) {
                    if (!documented.contains(c.getName())) {
                        gaps.add(where + ": no @param for record component " + c.getName());
                    }
                }
            }
            boolean iface = type.getKind() == Tree.Kind.INTERFACE || type.getKind() == Tree.Kind.ANNOTATION_TYPE;
            for (Tree member : type.getMembers()) {
                TreePath path = new TreePath(getCurrentPath(), member);
                if (member instanceof MethodTree m) {
                    if (visible(m.getModifiers(), iface) && !overrides(m.getModifiers()) && !generated(m, checked)) {
                        checkExecutable(where, m, docs.getDocCommentTree(path));
                    }
                } else if (member instanceof VariableTree v) {
                    if (visible(v.getModifiers(), iface) && docs.getDocCommentTree(path) == null) {
                        gaps.add(where + "." + v.getName() + ": no doc comment");
                    }
                } else if (member instanceof ClassTree nested) {
                    if (visible(nested.getModifiers(), iface) && docs.getDocCommentTree(path) == null) {
                        gaps.add(where + "." + nested.getSimpleName() + ": no doc comment");
                    }
                }
            }
        }

        private void checkExecutable(String owner, MethodTree m, DocCommentTree doc) {
            boolean constructor = m.getName().contentEquals("<init>");
            String where = owner + "." + (constructor ? owner : m.getName().toString()) + "("
                    + m.getParameters().stream().map(p -> p.getType().toString()).collect(Collectors.joining(", ")) + ")";
            if (doc == null) {
                gaps.add(where + ": no doc comment");
                return;
            }
            if (doc.toString().contains("{@inheritDoc}")) {
                return;
            }
            Set<String> documented = params(doc);
            for (VariableTree p : m.getParameters()) {
                if (!documented.contains(p.getName().toString())) {
                    gaps.add(where + ": no @param for " + p.getName());
                }
            }
            boolean isVoid = constructor || m.getReturnType().toString().equals("void");
            boolean hasReturn = doc.getBlockTags().stream().anyMatch(t -> t.getKind() == DocTree.Kind.RETURN)
                    || doc.getFullBody().stream().anyMatch(t -> t.getKind() == DocTree.Kind.RETURN);
            if (!isVoid && !hasReturn) {
                gaps.add(where + ": no @return");
            }
        }

        /** A record's canonical constructor (compact or not) is documented by the record's @param tags. */
        private static boolean generated(MethodTree m, Class<?> owner) {
            if (!owner.isRecord() || !m.getName().contentEquals("<init>")) {
                return false;
            }
            List<String> components = java.util.Arrays.stream(owner.getRecordComponents()).map(RecordComponent::getName)
                    .toList();
            List<String> parameters = m.getParameters().stream().map(p -> p.getName().toString()).toList();
            return parameters.isEmpty() || parameters.equals(components);
        }

        private static boolean visible(ModifiersTree modifiers, boolean inInterface) {
            Set<Modifier> flags = modifiers.getFlags();
            return flags.contains(Modifier.PUBLIC) || flags.contains(Modifier.PROTECTED)
                    || (inInterface && !flags.contains(Modifier.PRIVATE));
        }

        private static boolean overrides(ModifiersTree modifiers) {
            return modifiers.getAnnotations().stream()
                    .anyMatch(a -> a.getAnnotationType().toString().equals("Override"));
        }

        private static Set<String> params(DocCommentTree doc) {
            return doc.getBlockTags().stream().filter(t -> t instanceof ParamTree).map(t -> (ParamTree) t)
                    .map(p -> p.getName().getName().toString()).collect(Collectors.toSet());
        }
    }

    static {
        // Surefire runs in the module's directory; the sources must be there.
        if (!Files.isDirectory(SOURCES)) {
            throw new UncheckedIOException(new IOException("no " + SOURCES.toAbsolutePath()));
        }
    }
}
