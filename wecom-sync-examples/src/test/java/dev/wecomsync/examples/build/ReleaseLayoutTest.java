package dev.wecomsync.examples.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The reactor's poms describe a publishable release: the BOM lists exactly the published modules, each
 * published module says what it is, and the BOM does not leak the parent's third-party versions. (This
 * module depends on every library module, so it is built last and sees them all.)
 */
class ReleaseLayoutTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Map<String, Document> POMS = new TreeMap<>();
    private static Document parent;
    private static Document bom;

    @BeforeAll
    static void readPoms() throws Exception {
        parent = read(ROOT.resolve("pom.xml"));
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            POMS.put(module, read(ROOT.resolve(module).resolve("pom.xml")));
        }
        bom = POMS.get("wecom-sync-bom");
        assertThat(bom).as("wecom-sync-bom is a module of the parent").isNotNull();
    }

    @Test
    void theBomListsEveryPublishedModuleAtTheProjectVersion() {
        TreeSet<String> published = new TreeSet<>();
        POMS.forEach((module, pom) -> {
            if (!module.equals("wecom-sync-bom") && !"true".equals(property(pom, "maven.deploy.skip"))) {
                published.add(child(pom.getDocumentElement(), "artifactId"));
            }
        });
        assertThat(published).contains("wecom-sync-core", "wecom-sync-crypto", "wecom-sync-spring-boot-starter");

        Element managed = element(bom.getDocumentElement(), "dependencyManagement", "dependencies");
        TreeSet<String> listed = new TreeSet<>();
        for (Element dependency : children(managed, "dependency")) {
            assertThat(child(dependency, "groupId")).isEqualTo("dev.wecomsync");
            assertThat(child(dependency, "version")).isEqualTo("${project.version}");
            listed.add(child(dependency, "artifactId"));
        }
        assertThat(listed).as("the BOM's modules (a module with maven.deploy.skip=true is not published)")
                .isEqualTo(published);
    }

    @Test
    void theBomHasNoParentSoItManagesOnlyWeComSyncModules() {
        Element project = bom.getDocumentElement();
        assertThat(children(project, "parent")).as("an imported BOM brings its parent's dependencyManagement along")
                .isEmpty();
        assertThat(child(project, "version")).isEqualTo(child(parent.getDocumentElement(), "version"));
        assertThat(child(project, "packaging")).isEqualTo("pom");
    }

    @Test
    void everyPublishedModuleAndTheParentDescribeThemselves() {
        Element root = parent.getDocumentElement();
        assertThat(child(root, "description")).isNotBlank();
        assertThat(child(root, "url")).startsWith("https://");
        assertThat(element(root, "scm")).isNotNull();
        assertThat(element(root, "developers")).isNotNull();
        assertThat(element(root, "licenses")).isNotNull();
        POMS.forEach((module, pom) -> assertThat(child(pom.getDocumentElement(), "description"))
                .as(module + " <description>").isNotBlank());
    }

    private static Document read(Path pom) throws Exception {
        assertThat(pom).exists();
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        try (var in = Files.newInputStream(pom)) {
            return factory.newDocumentBuilder().parse(in);
        }
    }

    private static String property(Document pom, String name) {
        Element properties = element(pom.getDocumentElement(), "properties");
        return properties == null ? null : child(properties, name);
    }

    private static List<String> texts(Element parent, String container, String name) {
        List<String> texts = new ArrayList<>();
        Element list = element(parent, container);
        if (list != null) {
            for (Element e : children(list, name)) texts.add(e.getTextContent().trim());
        }
        return texts;
    }

    /** The element at that path of direct children, or null. */
    private static Element element(Element from, String... path) {
        Element current = from;
        for (String name : path) {
            List<Element> found = children(current, name);
            if (found.isEmpty()) return null;
            current = found.get(0);
        }
        return current;
    }

    /** The text of a direct child, or null. */
    private static String child(Element parent, String name) {
        Element e = element(parent, name);
        return e == null ? null : e.getTextContent().trim();
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) found.add(e);
        }
        return found;
    }
}
