package io.atozwatch.app.replay;

import io.atozwatch.app.json.Utf8LineReader;
import io.atozwatch.app.runtime.SettingsCheck;
import io.atozwatch.app.runtime.UserError;
import io.atozwatch.topology.config.PipelineConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code atoz-watch replay}: what the pipeline would have said about a batch of events. */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Replays a file of events through the pipeline in-process and prints what it emits.",
            "",
            "Runs the same topology as production, without Kafka, and prints every record it emits "
                    + "(claim-eligibility verdicts, deadline breaches, merchant notifications, dead letters) as "
                    + "one JSON line each on stdout, as soon as the pipeline's clock (which follows the events read, "
                    + "less the grace) passes the instant it is about.",
            "",
            "Each input line is {\"topic\": \"orders\", \"key\": \"o-1\", \"value\": {...}}, the value in the "
                    + "topic's Avro schema (timestamps as ISO-8601 or epoch millis, enums by symbol). Topics: "
                    + "orders, shipments, returns, refunds, disputes, merchant-policies (as configured). "
                    + "Records are fed in file order, stamped with their occurredAt (updatedAt for policies). "
                    + "Blank lines and lines starting with # or // are skipped.",
            "",
            "A line that cannot be read is reported on stderr as 'line N: reason' and skipped.",
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:every line was replayed",
            "1:some lines were rejected (see stderr); the others were replayed",
            "2:invalid command line, input or configuration file",
        })
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--input",
            required = true,
            paramLabel = "FILE",
            description = "The events, one JSON object per line; '-' reads stdin.")
    String input;

    @Option(
            names = "--until",
            paramLabel = "INSTANT",
            converter = InstantConverter.class,
            description = {
                "After the last event, move the clock on to this instant (ISO-8601, e.g. "
                        + "2026-03-31T00:00:00Z, or epoch milliseconds), emitting every deadline, reminder and "
                        + "verdict due by then.",
                "Without it, time stops at the latest event: the file is all there is."
            })
    Instant until;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "A .properties file laid over the pipeline's defaults (coverage figures, deadlines, "
                    + "marketplaces, topic names).")
    Path config;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            converter = EngineConverter.class,
            defaultValue = "direct",
            description = {
                "What runs the topology: direct (the default: its processors driven directly, state in "
                        + "memory) or test-driver (Kafka Streams' TopologyTestDriver with RocksDB stores: the reference, "
                        + "about four times slower). Both print the same."
            })
    InProcessPipeline.Engine engine;

    @Override
    public Integer call() {
        PipelineConfig pipelineConfig = pipelineConfig();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Each line decoded on its own: one that is not UTF-8 is reported and skipped like any other bad line.
        Utf8LineReader lines = new Utf8LineReader(openInput(), (n, why) -> err.println("line " + n + ": " + why));
        BufferedReader reader = new BufferedReader(lines);
        try {
            int rejected = replay(reader, pipelineConfig, until, engine, out, err);
            return rejected == 0 && lines.rejected() == 0 ? 0 : 1;
        } catch (IOException e) {
            err.println("replay: cannot read " + input + ": " + describe(e));
            return 2;
        } finally {
            out.flush();
            err.flush();
            if (!"-".equals(input)) {
                close(reader); // stdin is not ours to close
            }
        }
    }

    /**
     * Replays every line of {@code reader}, printing each line's output on {@code out} as it goes, then moves
     * the clock to {@code until} (if given) and prints what that emits.
     *
     * @return how many lines were rejected
     */
    public static int replay(
            BufferedReader reader, PipelineConfig config, Instant until, PrintWriter out, PrintWriter err)
            throws IOException {
        return replay(reader, config, until, InProcessPipeline.Engine.DIRECT, out, err);
    }

    /** As {@link #replay(BufferedReader, PipelineConfig, Instant, PrintWriter, PrintWriter)}, on the given engine. */
    public static int replay(
            BufferedReader reader,
            PipelineConfig config,
            Instant until,
            InProcessPipeline.Engine engine,
            PrintWriter out,
            PrintWriter err)
            throws IOException {
        int rejected = 0;
        try (InProcessPipeline pipeline = new InProcessPipeline(config, engine)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("//")) {
                    continue;
                }
                InputRecord record;
                try {
                    record = InputRecord.parse(trimmed, pipeline.topics());
                } catch (InputRecord.Rejected e) {
                    err.println("line " + lineNumber + ": " + e.getMessage());
                    rejected++;
                    continue;
                } catch (InputRecord.Unreadable e) {
                    pipeline.setAside(
                            e.topic,
                            e.key,
                            e.valueJson.getBytes(StandardCharsets.UTF_8),
                            "cannot deserialize (line " + lineNumber + "): " + e.getMessage());
                    print(pipeline, out);
                    continue;
                }
                try {
                    pipeline.pipe(record.topic(), record.key(), record.value(), record.timestamp());
                } catch (RuntimeException e) {
                    // Not the line's fault: the topology itself failed. Say where, and stop.
                    throw new IllegalStateException("line " + lineNumber + ": the pipeline failed on this record", e);
                }
                print(pipeline, out);
            }
            // The file is all there is: the input is complete up to its latest event, or up to --until.
            Instant latest = pipeline.readUpTo();
            Instant end = until != null && (latest == null || until.isAfter(latest)) ? until : latest;
            if (end != null) {
                pipeline.advanceClockTo(end);
                print(pipeline, out);
            }
        }
        return rejected;
    }

    private static void print(InProcessPipeline pipeline, PrintWriter out) {
        for (OutputRecord r : pipeline.drain()) {
            out.println(r.toJsonLine());
        }
    }

    private PipelineConfig pipelineConfig() {
        Properties overrides = new Properties();
        if (config != null) {
            if (Files.isDirectory(config)) {
                throw new UserError("--config " + config + " is a directory; give a .properties file");
            }
            try (Reader r = Files.newBufferedReader(config, StandardCharsets.UTF_8)) {
                overrides.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new UserError("--config: cannot read " + config + ": " + describe(e));
            }
        }
        String source = config == null ? null : "--config " + config;
        SettingsCheck.warnUnknown(overrides, source, spec.commandLine().getErr());
        return SettingsCheck.pipelineConfig(overrides, source);
    }

    private InputStream openInput() {
        if ("-".equals(input)) {
            return System.in;
        }
        Path path = Path.of(input);
        if (Files.isDirectory(path)) {
            throw new UserError("--input " + input + " is a directory; give a file of JSON lines, or - for stdin");
        }
        try {
            return Files.newInputStream(path);
        } catch (IOException e) {
            throw new UserError("--input: cannot read " + input + ": " + describe(e));
        }
    }

    private static String describe(Exception e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.charset.CharacterCodingException) {
            return "not UTF-8 text";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static void close(Reader reader) {
        try {
            reader.close();
        } catch (IOException e) {
            // nothing left to read from it anyway
        }
    }

    /** {@code direct} or {@code test-driver}. */
    static final class EngineConverter implements ITypeConverter<InProcessPipeline.Engine> {
        @Override
        public InProcessPipeline.Engine convert(String value) {
            return switch (value) {
                case "direct" -> InProcessPipeline.Engine.DIRECT;
                case "test-driver" -> InProcessPipeline.Engine.TEST_DRIVER;
                default -> throw new TypeConversionException("'" + value + "' is not an engine: direct or test-driver");
            };
        }
    }

    /** An ISO-8601 instant with offset (2026-03-20T00:00:00Z) or epoch milliseconds. */
    static final class InstantConverter implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                if (value.matches("-?\\d+")) {
                    return Instant.ofEpochMilli(Long.parseLong(value));
                }
                return OffsetDateTime.parse(value, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toInstant();
            } catch (DateTimeException | NumberFormatException e) {
                throw new TypeConversionException(
                        "'" + value + "' is not an ISO-8601 instant (e.g. 2026-03-20T00:00:00Z) or epoch milliseconds");
            }
        }
    }
}
