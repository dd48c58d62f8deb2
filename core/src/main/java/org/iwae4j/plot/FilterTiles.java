package org.iwae4j.plot;

import ai.djl.ndarray.NDArray;
import java.awt.image.BufferedImage;

/**
 * Rows of a weight matrix shown as images: each tile scaled by its own largest |weight| so that
 * mid grey is 0, white the most positive and black the most negative weight.
 */
final class FilterTiles {
    private static final int PER_ROW = 10;

    private FilterTiles() {}

    /** @param weights [units, height*width] */
    static BufferedImage render(String title, NDArray weights, int count, int[] shape) {
        int units = (int) Math.min(count, weights.getShape().get(0));
        float[] w = weights.toFloatArray();
        int dim = shape[0] * shape[1];
        int rows = (units + PER_ROW - 1) / PER_ROW;
        float[][][] grid = new float[rows][PER_ROW][];
        for (int u = 0; u < units; u++) {
            float max = 1e-12f;
            for (int j = 0; j < dim; j++) {
                max = Math.max(max, Math.abs(w[u * dim + j]));
            }
            float[] tile = new float[dim];
            for (int j = 0; j < dim; j++) {
                tile[j] = 0.5f + 0.5f * w[u * dim + j] / max;
            }
            grid[u / PER_ROW][u % PER_ROW] = tile;
        }
        return ImageGrid.draw(title + " (" + units + " units)", grid, shape[0], shape[1], 2, java.util.List.of(), null);
    }
}
