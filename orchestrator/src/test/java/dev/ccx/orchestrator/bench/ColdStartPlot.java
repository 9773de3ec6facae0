package dev.ccx.orchestrator.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the start-time distributions as a strip chart (every sample a dot, min–max whisker, median bar, the
 * target as a dashed line) into a PNG, with plain AWT in headless mode.
 */
final class ColdStartPlot {
    private static final int WIDTH = 960;
    private static final int LEFT = 170;
    private static final int RIGHT = 40;
    private static final int TOP = 84;
    private static final int ROW = 90;
    private static final int BOTTOM = 60;
    private static final Color DOT = new Color(40, 90, 170, 150);
    private static final Color TARGET = new Color(200, 40, 40);

    private ColdStartPlot() {}

    /** One row of the chart: a label, the samples in milliseconds and the target (NaN for none). */
    record Series(String label, List<Double> millis, double targetMillis) {}

    /** {@code subtitle} lines are separated by newlines. */
    static void write(Path file, String title, String subtitle, List<Series> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int height = TOP + ROW * rows.size() + BOTTOM;
        BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, 20, 26);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        String[] lines = subtitle.split("\n");
        for (int i = 0; i < lines.length; i++) {
            g.drawString(lines[i], 20, 44 + 15 * i);
        }
        double max = scaleMax(rows);
        axis(g, max, TOP + ROW * rows.size());
        for (int i = 0; i < rows.size(); i++) {
            row(g, rows.get(i), TOP + ROW * i, max);
        }
        g.dispose();
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(image, "png", file.toFile());
    }

    private static double scaleMax(List<Series> rows) {
        double max = 100;
        for (Series s : rows) {
            for (double v : s.millis()) {
                max = Math.max(max, v);
            }
            if (!Double.isNaN(s.targetMillis())) {
                max = Math.max(max, s.targetMillis());
            }
        }
        double step = tickStep(max * 1.08);
        return Math.ceil(max * 1.08 / step) * step;
    }

    private static double tickStep(double max) {
        return max <= 500 ? 50 : max <= 1200 ? 100 : max <= 3000 ? 250 : 500;
    }

    private static int x(double millis, double max) {
        return LEFT + (int) Math.round(millis / max * (WIDTH - LEFT - RIGHT));
    }

    private static void axis(Graphics2D g, double max, int bottom) {
        double step = tickStep(max);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (double t = 0; t <= max + 1e-9; t += step) {
            int x = x(t, max);
            g.setColor(new Color(225, 225, 225));
            g.drawLine(x, TOP - 6, x, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = Integer.toString((int) t);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        g.drawLine(LEFT, bottom, WIDTH - RIGHT, bottom);
        g.drawString("milliseconds until the first response byte", LEFT, bottom + 36);
    }

    private static void row(Graphics2D g, Series s, int top, double max) {
        int mid = top + ROW / 2;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        g.drawString(s.label(), 16, mid - 4);
        Summary summary = Summary.of(s.millis());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString("n=" + summary.n() + (summary.n() == 0 ? "" : String.format(", median %.0f ms", summary.median())),
                16, mid + 12);
        if (!Double.isNaN(s.targetMillis())) {
            int tx = x(s.targetMillis(), max);
            g.setColor(TARGET);
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            g.drawLine(tx, top + 8, tx, top + ROW - 8);
            g.drawString(String.format("target %.0f", s.targetMillis()), tx + 4, top + 18);
        }
        if (summary.n() == 0) {
            return;
        }
        g.setStroke(new BasicStroke(1.5f));
        g.setColor(Color.GRAY);
        g.drawLine(x(summary.min(), max), mid, x(summary.max(), max), mid);
        for (int i = 0; i < s.millis().size(); i++) {
            int jitter = (int) ((i * 37L % 29) - 14);
            int px = x(s.millis().get(i), max);
            g.setColor(DOT);
            g.fillOval(px - 5, mid + jitter - 5, 10, 10);
        }
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(3f));
        int mx = x(summary.median(), max);
        g.drawLine(mx, mid - 22, mx, mid + 22);
    }

    /** A plot row for a result map, in the given order. */
    static List<Series> rows(Map<String, List<Double>> samples, Map<String, Double> targets) {
        return samples.entrySet().stream()
                .map(e -> new Series(e.getKey(), e.getValue(), targets.getOrDefault(e.getKey(), Double.NaN)))
                .toList();
    }
}
