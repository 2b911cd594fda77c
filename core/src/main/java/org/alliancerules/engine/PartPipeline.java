package org.alliancerules.engine;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The one way to run parts of merchants in parallel (issue 20): parts are evaluated on {@code threads} threads while
 * the caller goes on reading the next ones, and each part's result is handed to the consumer <b>in input order</b>, on
 * one thread of the pipeline's own, so the consumer may write to a stream or a database transaction without locks.
 * At most {@code inFlight} parts are submitted and not yet consumed: {@link #submit} waits for room, so memory is
 * bounded by the parts in flight whatever the size of the input. {@code evaluate --stream}, the daily sweep,
 * {@code diff} and {@link RulesEngine#evaluate} all run their parts through it.
 *
 * <p>Failures: the first exception of a part or of the consumer stops the pipeline; no later result is consumed,
 * and {@link #submit} and {@link #finish} rethrow it as it was thrown (a {@link RuntimeException} or an
 * {@link Error} unchanged, an {@link java.io.IOException} in {@link java.io.UncheckedIOException}, another checked exception in
 * {@link IllegalStateException}), so located errors and the
 * runaway-rule exceptions reach the caller whole. {@link #close} stops the threads (call it in a finally).
 *
 * @param <R> what a part evaluates to
 */
public final class PartPipeline<R> implements AutoCloseable {

    /** What consumes a part's result, in input order. */
    @FunctionalInterface
    public interface Consumer<R> {
        void accept(R result) throws Exception;
    }

    private static final Future<?> END = new java.util.concurrent.CompletableFuture<>();

    private final ExecutorService workers;
    private final Thread consumerThread;
    private final BlockingQueue<Future<R>> queue;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private boolean finished;

    /**
     * @param name     the threads' name (shown in thread dumps)
     * @param threads  parts evaluated at once (at least 1)
     * @param inFlight parts submitted and not yet consumed, at most (at least {@code threads})
     * @param consumer takes each part's result, in input order
     */
    public PartPipeline(String name, int threads, int inFlight, Consumer<R> consumer) {
        int n = Math.max(1, threads);
        this.workers = Executors.newFixedThreadPool(n, daemon(name));
        this.queue = new ArrayBlockingQueue<>(Math.max(n, inFlight));
        this.consumerThread = daemon(name + "-consume").newThread(() -> consume(consumer));
        this.consumerThread.start();
    }

    /** {@code threads + 1} parts in flight: each thread busy and the next part ready. */
    public PartPipeline(String name, int threads, Consumer<R> consumer) {
        this(name, threads, Math.max(1, threads) + 1, consumer);
    }

    /**
     * Evaluates a part on the pipeline's threads; waits while {@code inFlight} parts are not yet consumed.
     *
     * @throws RuntimeException the first failure of an earlier part or of the consumer, as it was thrown
     */
    public void submit(Callable<R> part) {
        rethrow();
        Future<R> future = workers.submit(part);
        try {
            queue.put(future);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
        rethrow();
    }

    /**
     * Waits until every submitted part is consumed.
     *
     * @throws RuntimeException the first failure of a part or of the consumer, as it was thrown
     */
    @SuppressWarnings("unchecked")
    public void finish() {
        if (!finished) {
            finished = true;
            try {
                queue.put((Future<R>) END);
                consumerThread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        rethrow();
    }

    @Override
    public void close() {
        workers.shutdownNow();
        if (consumerThread.isAlive()) {
            consumerThread.interrupt();
        }
    }

    private void consume(Consumer<R> consumer) {
        try {
            for (Future<R> next = queue.take(); next != END; next = queue.take()) {
                if (failure.get() != null) {
                    next.cancel(true);
                    continue; // after a failure nothing more is consumed; the queue drains so submit never blocks
                }
                try {
                    consumer.accept(next.get());
                } catch (ExecutionException e) {
                    failure.compareAndSet(null, e.getCause());
                } catch (InterruptedException e) {
                    failure.compareAndSet(null, e);
                    return;
                } catch (Exception | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        } catch (InterruptedException e) {
            failure.compareAndSet(null, e); // closed before the end
        }
    }

    private void rethrow() {
        Throwable t = failure.get();
        if (t == null) {
            return;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t instanceof java.io.IOException io) {
            throw new java.io.UncheckedIOException(io);
        }
        if (t instanceof InterruptedException) {
            throw new IllegalStateException("interrupted", t);
        }
        throw new IllegalStateException(t);
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
