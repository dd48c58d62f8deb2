package org.iwae4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A page as headless Chromium renders it: images, broken images, table rows, links, console messages. */
public final class Chromium {
    /** What rendered: images, of which broken, rows of tables' bodies, links, and the console's messages. */
    public record Rendered(int images, int broken, int rows, int links, List<String> console, String stderr) {}

    /** Added to a copy of the page: after loading, records what rendered in an element for --dump-dom. */
    private static final String PROBE = """
            <script>
            window.addEventListener('load', () => {
              const images = Array.from(document.images);
              const broken = images.filter(i => !i.complete || i.naturalWidth === 0).length;
              const probe = document.createElement('div');
              probe.id = 'probe';
              probe.setAttribute('data-images', images.length);
              probe.setAttribute('data-broken', broken);
              probe.setAttribute('data-rows', document.querySelectorAll('table tbody tr').length);
              probe.setAttribute('data-links', document.querySelectorAll('a[href]').length);
              document.body.appendChild(probe);
            });
            </script>
            """;

    private Chromium() {}

    /** The browser on PATH, or null. */
    public static String find() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            for (String name : new String[] {"chromium", "chromium-browser"}) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        return null;
    }

    /**
     * Loads a probed copy of {@code page} (beside it, so relative links resolve) in headless Chromium.
     *
     * @param work a directory for the browser's profile and output
     */
    public static Rendered render(String chromium, Path page, Path work) throws Exception {
        String html = Files.readString(page);
        Path probed = page.resolveSibling("probed-" + page.getFileName());
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"));
        Files.createDirectories(work);
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + work.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=10000", "--dump-dom", probed.toUri().toString())
                .redirectError(work.resolve("stderr.txt").toFile())
                .redirectOutput(work.resolve("dom.html").toFile())
                .start();
        if (!browser.waitFor(120, TimeUnit.SECONDS)) {
            browser.destroyForcibly();
            throw new IllegalStateException("chromium did not finish");
        }
        Files.delete(probed);
        String dom = Files.readString(work.resolve("dom.html"));
        String stderr = Files.readString(work.resolve("stderr.txt"));
        Matcher probe = Pattern.compile(
                "id=\"probe\" data-images=\"(\\d+)\" data-broken=\"(\\d+)\" data-rows=\"(\\d+)\" data-links=\"(\\d+)\"")
                .matcher(dom);
        if (!probe.find()) {
            throw new AssertionError("the page did not finish loading; chromium said:\n" + stderr);
        }
        List<String> console = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("CONSOLE") || line.contains("Uncaught")) {
                console.add(line);
            }
        }
        return new Rendered(Integer.parseInt(probe.group(1)), Integer.parseInt(probe.group(2)),
                Integer.parseInt(probe.group(3)), Integer.parseInt(probe.group(4)), console, stderr);
    }
}
