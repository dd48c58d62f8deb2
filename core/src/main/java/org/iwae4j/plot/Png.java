package org.iwae4j.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.iwae4j.common.AtomicFiles;

/** PNG files and the canvas helpers every picture shares: white background, one font family. */
public final class Png {
    static {
        // No display on servers and in CI: AWT must never try to open one.
        System.setProperty("java.awt.headless", "true");
    }

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    private Png() {}

    /** Writes {@code image} atomically and returns {@code file}. */
    public static Path write(BufferedImage image, Path file) {
        AtomicFiles.write(file, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
        return file;
    }

    public static byte[] bytes(BufferedImage image) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A white RGB canvas with anti-aliased text; the caller disposes the graphics. */
    static Graphics2D canvas(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        return g;
    }

    static int textWidth(String text, Font font) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        g.setFont(font);
        int width = g.getFontMetrics().stringWidth(text);
        g.dispose();
        return width;
    }

    /** Panels side by side under an optional title line, top-aligned. */
    static BufferedImage row(String title, List<BufferedImage> panels) {
        int titleHeight = title == null ? 0 : 30;
        int panelsWidth = panels.stream().mapToInt(BufferedImage::getWidth).sum();
        int width = Math.max(panelsWidth, title == null ? 0 : textWidth(title, TITLE) + 16);
        int height = titleHeight + panels.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = canvas(out);
        if (title != null) {
            g.setColor(Color.BLACK);
            g.setFont(TITLE);
            int textWidth = g.getFontMetrics().stringWidth(title);
            g.drawString(title, Math.max(4, (width - textWidth) / 2), 21);
        }
        int x = (width - panelsWidth) / 2;
        for (BufferedImage panel : panels) {
            g.drawImage(panel, x, titleHeight, null);
            x += panel.getWidth();
        }
        g.dispose();
        return out;
    }
}
