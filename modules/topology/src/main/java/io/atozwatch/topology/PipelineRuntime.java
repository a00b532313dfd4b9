package io.atozwatch.topology;

import io.atozwatch.topology.time.InputProgress;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;

/**
 * What the topology needs from where it runs, beyond its configuration.
 *
 * @param listener             told what the pipeline does, for metrics
 * @param eventTimeAtWallClock the event time that a wall-clock instant (epoch milliseconds) stands for, which
 *                             a caught-up task's clock moves to: the identity in production; the demo
 *                             compresses time; the test driver and replay set it by hand
 * @param eventTimeNow         the event time now, beyond which (less a tolerance) an event lies in the
 *                             future: the same clock read now, in production and the demo
 * @param progress             whether a task's input is read to its end
 * @param inputPartitionCount  how many partitions each order-keyed input has (they are co-partitioned):
 *                             the merchants' side waits for the clock of every one of their tasks; asked
 *                             when the tasks start, so that the app can look it up once the topics exist
 */
public record PipelineRuntime(
        PipelineListener listener,
        LongUnaryOperator eventTimeAtWallClock,
        LongSupplier eventTimeNow,
        InputProgress progress,
        IntSupplier inputPartitionCount) {

    /** A deployment: one clock, read at punctuations and now. */
    public static PipelineRuntime deployed(
            PipelineListener listener,
            LongUnaryOperator eventTimeAtWallClock,
            InputProgress progress,
            IntSupplier inputPartitionCount) {
        return new PipelineRuntime(
                listener,
                eventTimeAtWallClock,
                () -> eventTimeAtWallClock.applyAsLong(System.currentTimeMillis()),
                progress,
                inputPartitionCount);
    }

    /**
     * In one process with one partition per topic, every record processed as it is piped (the test driver,
     * replay): {@code clock} is what a caught-up task's clock may move to; "now" is the real wall clock.
     */
    public static PipelineRuntime inProcess(LongSupplier clock) {
        return new PipelineRuntime(
                PipelineListener.NONE,
                wall -> clock.getAsLong(),
                System::currentTimeMillis,
                InputProgress.ALWAYS_CAUGHT_UP,
                () -> 1);
    }

    public PipelineRuntime withListener(PipelineListener l) {
        return new PipelineRuntime(l, eventTimeAtWallClock, eventTimeNow, progress, inputPartitionCount);
    }

    public PipelineRuntime withProgress(InputProgress p) {
        return new PipelineRuntime(listener, eventTimeAtWallClock, eventTimeNow, p, inputPartitionCount);
    }

    /** How many partitions each order-keyed input has. */
    public int inputPartitions() {
        int n = inputPartitionCount.getAsInt();
        if (n < 1) {
            throw new IllegalStateException("the number of input partitions is not known yet (" + n + ")");
        }
        return n;
    }
}
