package dev.ccx.fakemodel.script;

import java.util.ArrayList;
import java.util.List;

/** Splits an answer into the pieces of a paced stream. */
public final class Chunks {

    private Chunks() {
    }

    /**
     * {@code text} in at most {@code n} non-empty pieces of near-equal length (code points are
     * never cut); fewer pieces when the text is shorter than {@code n}, one empty piece for "".
     */
    public static List<String> split(String text, int n) {
        int[] cps = text.codePoints().toArray();
        if (cps.length == 0) {
            return List.of("");
        }
        int pieces = Math.min(n, cps.length);
        List<String> out = new ArrayList<>(pieces);
        int start = 0;
        for (int i = 0; i < pieces; i++) {
            int end = (int) ((long) cps.length * (i + 1) / pieces);
            out.add(new String(cps, start, end - start));
            start = end;
        }
        return out;
    }
}
