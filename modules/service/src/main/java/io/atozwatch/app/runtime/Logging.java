package io.atozwatch.app.runtime;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.Locale;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * The form of the logs, {@value #FORMAT}: {@code text} (the default: one line per event, key=value fields in the
 * message) or {@code json} (one JSON object per line: timestamp, level, threadName, loggerName, formattedMessage,
 * throwable), on stderr. {@code logback.xml} reads it from {@code -Dlog.format} or {@code ATOZ_LOG_FORMAT} at
 * start-up; {@link #configure} applies the one a settings file gives, before the command connects to anything.
 */
public final class Logging {
    public static final String FORMAT = "log.format";
    static final String FORM = "text or json";
    private static final String APPENDER = "console";

    private Logging() {}

    /** Whether {@code value} is a log format. */
    static boolean isFormat(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("text") || v.equals("json");
    }

    /** Applies {@value #FORMAT} of the settings, if set. */
    public static void configure(Settings settings) {
        String format = settings.get(FORMAT);
        if (format != null && !format.isBlank()) {
            use(format);
        }
    }

    /**
     * Sends every log event to stderr in {@code format} from now on.
     *
     * @throws UserError if the format is neither text nor json
     */
    public static void use(String format) {
        if (!isFormat(format)) {
            throw new UserError(FORMAT + "=" + format + " is not " + FORM);
        }
        LoggerContext context = context();
        if (context == null) {
            return; // another slf4j binding (the other modules' tests): nothing to switch
        }
        boolean json = format.trim().equalsIgnoreCase("json");
        Encoder<ILoggingEvent> encoder;
        if (json) {
            encoder = new Json();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX,UTC} [%thread] %level %logger{0} - %msg%n");
            encoder = text;
        }
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> appender = new ConsoleAppender<>();
        appender.setName(APPENDER);
        appender.setTarget("System.err");
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        synchronized (Logging.class) {
            root.addAppender(appender);
            root.iteratorForAppenders().forEachRemaining(a -> {
                if (a != appender) {
                    root.detachAppender(a);
                    a.stop();
                }
            });
        }
    }

    /** Sets a logger's level (e.g. {@code error}), where logback is the binding. */
    public static void setLevel(String logger, String level) {
        LoggerContext context = context();
        if (context != null) {
            context.getLogger(logger).setLevel(Level.toLevel(level));
        }
    }

    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext context ? context : null;
    }

    /** Logback's JSON encoder with the fields an operator reads: the formatted message, no raw arguments. */
    public static final class Json extends JsonEncoder {
        public Json() {
            setWithSequenceNumber(false);
            setWithNanoseconds(false);
            setWithContext(false);
            setWithMessage(false);
            setWithArguments(false);
            setWithFormattedMessage(true);
        }
    }
}
