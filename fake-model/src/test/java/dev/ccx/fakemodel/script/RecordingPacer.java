package dev.ccx.fakemodel.script;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Test pacer: records the pauses instead of sleeping. */
public final class RecordingPacer implements Pacer {

    public final List<Duration> pauses = new ArrayList<>();

    @Override
    public void pause(Duration d) {
        pauses.add(d);
    }
}
