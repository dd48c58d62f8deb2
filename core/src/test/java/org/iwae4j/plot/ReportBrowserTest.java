package org.iwae4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iwae4j.testing.TinyRuns;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report as a real browser shows it: the table and every image rendered, no console errors. */
class ReportBrowserTest {
    @TempDir
    Path tmp;

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
              document.body.appendChild(probe);
            });
            </script>
            """;

    @Test
    void everyImageAndTheTableRenderInChromium() throws Exception {
        String chromium = findChromium();
        Assumptions.assumeTrue(chromium != null, "chromium is not installed");
        Path a = tmp.resolve("iwae-k3");
        Path b = tmp.resolve("latent2");
        TinyRuns.train(a, TinyRuns.config("iwae", 3, 1, 1));
        TinyRuns.train(b, TinyRuns.latent2("vae", 1, 2, 1));
        Path page = Report.write(List.of(a, b), tmp.resolve("report"), name -> TinyRuns.DATA, 1, line -> {});
        assertTrue(Files.exists(tmp.resolve("report/comparison.csv")));
        assertTrue(Files.exists(tmp.resolve("report/latent2/posterior.png")));

        String html = Files.readString(page);
        Path probed = tmp.resolve("report/probed.html");
        Files.writeString(probed, html.replace("</body>", PROBE + "</body>"));
        Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + tmp.resolve("profile"), "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=10000", "--dump-dom", probed.toUri().toString())
                .redirectError(tmp.resolve("stderr.txt").toFile())
                .redirectOutput(tmp.resolve("dom.html").toFile())
                .start();
        assertTrue(browser.waitFor(120, TimeUnit.SECONDS), "chromium did not finish");
        String dom = Files.readString(tmp.resolve("dom.html"));
        String stderr = Files.readString(tmp.resolve("stderr.txt"));
        Matcher probe = Pattern.compile("id=\"probe\" data-images=\"(\\d+)\" data-broken=\"(\\d+)\" data-rows=\"(\\d+)\"")
                .matcher(dom);
        assertTrue(probe.find(), "the page did not finish loading; chromium said:\n" + stderr);
        int expectedImages = 1 + 5 + 7; // curves; 5 plots of the 3-D run; 7 of the 2-D run (with latent, posterior)
        assertEquals(expectedImages, Integer.parseInt(probe.group(1)), "images on the page");
        assertEquals(0, Integer.parseInt(probe.group(2)), "broken images");
        assertEquals(2, Integer.parseInt(probe.group(3)), "rows of the comparison table");
        List<String> consoleErrors = new ArrayList<>();
        for (String line : stderr.split("\n")) {
            if (line.contains("CONSOLE") || line.contains("Uncaught")) {
                consoleErrors.add(line);
            }
        }
        assertFalse(!consoleErrors.isEmpty(), "console messages: " + consoleErrors);
    }

    private static String findChromium() {
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
}
