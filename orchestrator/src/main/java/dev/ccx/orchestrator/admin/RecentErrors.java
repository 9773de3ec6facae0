package dev.ccx.orchestrator.admin;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The last {@link #CAPACITY} requests that ended in 4xx or 5xx, held in memory for the dashboard. */
public final class RecentErrors {
    public static final int CAPACITY = 200;
    private final ArrayDeque<ErrorEvent> events = new ArrayDeque<>();

    public synchronized void record(ErrorEvent event) {
        if (event.status() < 400) {
            return;
        }
        events.addLast(event);
        while (events.size() > CAPACITY) {
            events.removeFirst();
        }
    }

    /** Newest first. */
    public synchronized List<ErrorEvent> newestFirst() {
        List<ErrorEvent> out = new ArrayList<>(events.size());
        for (Iterator<ErrorEvent> it = events.descendingIterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
