package org.iwae4j.plot;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Grey-scale images (intensities in [0, 1], white on black as MNIST is usually shown) tiled in
 * rows and columns, with a title, labelled groups of columns and optional row labels.
 */
public final class ImageGrid {
    /** Columns {@code [from, from + count)} share a header; a wider gap separates groups. */
    public record Group(String label, int from, int count) {}

    static final int GAP = 2;
    static final int GROUP_GAP = 12;
    private static final int TITLE_HEIGHT = 30;
    private static final int HEADER_HEIGHT = 22;
    private static final int MARGIN = 8;

    private ImageGrid() {}

    /**
     * @param tiles tiles[row][column], each height*width intensities; null leaves a cell empty
     * @param groups column groups with headers; empty for a plain grid
     * @param rowLabels one per row, or null
     * @param scale screen pixels per image pixel
     */
    public static BufferedImage draw(String title, float[][][] tiles, int height, int width, int scale,
            List<Group> groups, List<String> rowLabels) {
        int rows = tiles.length;
        int cols = tiles[0].length;
        int[] columnX = new int[cols];
        int titleWidth = Png.textWidth(title, Png.TITLE) + 2 * MARGIN;
        int labelWidth = 0;
        if (rowLabels != null) {
            for (String label : rowLabels) {
                labelWidth = Math.max(labelWidth, Png.textWidth(label, Png.LABEL) + 10);
            }
        }
        int tileW = width * scale;
        int tileH = height * scale;
        int gridWidth = 2 * MARGIN + labelWidth + cols * tileW + (cols - 1) * GAP
                + (int) java.util.stream.IntStream.range(1, cols).filter(c -> startsGroup(groups, c)).count() * (GROUP_GAP - GAP);
        // A title wider than the grid widens the picture; the grid stays centred under it.
        int indent = Math.max(0, titleWidth - gridWidth) / 2;
        int x = indent + MARGIN + labelWidth;
        for (int c = 0; c < cols; c++) {
            if (c > 0) {
                x += startsGroup(groups, c) ? GROUP_GAP : GAP;
            }
            columnX[c] = x;
            x += tileW;
        }
        int headerHeight = groups.isEmpty() ? 0 : HEADER_HEIGHT;
        int top = TITLE_HEIGHT + headerHeight;
        int imageWidth = Math.max(gridWidth, titleWidth);
        int imageHeight = top + rows * tileH + (rows - 1) * GAP + MARGIN;
        BufferedImage out = new BufferedImage(imageWidth, imageHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Png.canvas(out);
        g.setColor(Color.BLACK);
        g.setFont(Png.TITLE);
        g.drawString(title, Math.max(MARGIN, (imageWidth - g.getFontMetrics().stringWidth(title)) / 2), 21);
        g.setFont(Png.LABEL);
        for (Group group : groups) {
            int left = columnX[group.from()];
            int right = columnX[group.from() + group.count() - 1] + tileW;
            int textWidth = g.getFontMetrics().stringWidth(group.label());
            g.drawString(group.label(), left + (right - left - textWidth) / 2, TITLE_HEIGHT + 15);
        }
        for (int r = 0; r < rows; r++) {
            int y = top + r * (tileH + GAP);
            if (rowLabels != null) {
                g.setColor(Color.BLACK);
                g.drawString(rowLabels.get(r), indent + MARGIN, y + tileH / 2 + 5);
            }
            for (int c = 0; c < cols; c++) {
                if (tiles[r][c] != null) {
                    drawTile(out, tiles[r][c], height, width, scale, columnX[c], y);
                }
            }
        }
        g.dispose();
        return out;
    }

    private static boolean startsGroup(List<Group> groups, int column) {
        return groups.stream().anyMatch(group -> group.from() == column);
    }

    private static void drawTile(BufferedImage out, float[] pixels, int height, int width, int scale, int x0, int y0) {
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                int v = Math.round(255 * Math.min(1f, Math.max(0f, pixels[i * width + j])));
                int rgb = (v << 16) | (v << 8) | v;
                for (int dy = 0; dy < scale; dy++) {
                    for (int dx = 0; dx < scale; dx++) {
                        out.setRGB(x0 + j * scale + dx, y0 + i * scale + dy, rgb);
                    }
                }
            }
        }
    }

    /** Splits a flat [n, height*width] array into n tiles. */
    public static float[][] split(float[] flat, int n) {
        int dim = flat.length / n;
        float[][] tiles = new float[n][];
        for (int i = 0; i < n; i++) {
            tiles[i] = java.util.Arrays.copyOfRange(flat, i * dim, (i + 1) * dim);
        }
        return tiles;
    }
}
