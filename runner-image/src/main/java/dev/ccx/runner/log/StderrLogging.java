package dev.ccx.runner.log;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The agent's SLF4J backend: one line per event on stderr ({@code docker logs}), found by SLF4J's service lookup.
 * It replaces slf4j-simple, whose set-up (a properties file from the class path, a {@code SimpleDateFormat} and
 * the {@code String.format} of its provider notice) cost about 30 ms of the agent's one CPU at every runner start.
 * The level is {@code info} unless the system property {@value #LEVEL_PROPERTY} names another.
 */
public final class StderrLogging implements SLF4JServiceProvider, ILoggerFactory {
    /** {@code trace}, {@code debug}, {@code info} (default), {@code warn} or {@code error}. */
    public static final String LEVEL_PROPERTY = "ccx.log.level";
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();
    private final Map<String, Logger> loggers = new ConcurrentHashMap<>();
    private volatile Level threshold = Level.INFO;

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    /** One logger per name (no lambdas here: linking one costs start-up time this class exists to save). */
    @Override
    public Logger getLogger(String name) {
        Logger logger = loggers.get(name);
        if (logger == null) {
            Logger created = new StderrLogger(name, threshold, System.err);
            logger = loggers.putIfAbsent(name, created);
            return logger == null ? created : logger;
        }
        return logger;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        threshold = level(System.getProperty(LEVEL_PROPERTY, "info"));
    }

    static Level level(String name) {
        try {
            return Level.valueOf(name.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Level.INFO;
        }
    }
}
