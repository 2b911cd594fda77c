package org.alliancerules.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * The one way parts of merchants run in parallel (issue 20): results reach the consumer in input order whatever
 * order the threads finish in, no more than the bound are ever in flight, and the first failure reaches the
 * caller as it was thrown, with nothing consumed after it.
 */
class PartPipelineTest {

    @Test
    void resultsAreConsumedInInputOrderWhateverOrderThePartsFinishIn() {
        List<Integer> consumed = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(7);
        try (PartPipeline<Integer> pipeline = new PartPipeline<>("test", 4, consumed::add)) {
            for (int i = 0; i < 200; i++) {
                int part = i;
                int sleep = random.nextInt(3);
                pipeline.submit(() -> {
                    Thread.sleep(sleep); // later parts often finish first
                    return part;
                });
            }
            pipeline.finish();
        }
        assertThat(consumed).hasSize(200).isSorted();
        assertThat(consumed.get(199)).isEqualTo(199);
    }

    @Test
    void atMostTheBoundArePartsSubmittedAndNotYetConsumed() {
        AtomicInteger submitted = new AtomicInteger();
        AtomicInteger consumed = new AtomicInteger();
        AtomicInteger worst = new AtomicInteger();
        try (PartPipeline<Integer> pipeline = new PartPipeline<>("test", 2, 3, part -> {
            Thread.sleep(2); // a slow consumer: the reader must wait for room
            consumed.incrementAndGet();
        })) {
            for (int i = 0; i < 100; i++) {
                pipeline.submit(() -> 1);
                worst.accumulateAndGet(submitted.incrementAndGet() - consumed.get(), Math::max);
            }
            pipeline.finish();
        }
        assertThat(consumed.get()).isEqualTo(100);
        // the queue's 3, the one being consumed and the one just submitted
        assertThat(worst.get()).isLessThanOrEqualTo(3 + 2);
    }

    @Test
    void aPartsFailureReachesTheCallerAsThrownAndNothingAfterItIsConsumed() {
        List<Integer> consumed = new ArrayList<>();
        RuntimeException boom = new IllegalArgumentException("part 5 is bad");
        try (PartPipeline<Integer> pipeline = new PartPipeline<>("test", 3, consumed::add)) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 50; i++) {
                    int part = i;
                    pipeline.submit(() -> {
                        if (part == 5) {
                            throw boom;
                        }
                        return part;
                    });
                }
                pipeline.finish();
            }).isSameAs(boom);
        }
        assertThat(consumed).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void aConsumersFailureStopsThePipeline() {
        try (PartPipeline<Integer> pipeline = new PartPipeline<>("test", 2, part -> {
            throw new IOException("disk full at part " + part);
        })) {
            assertThatThrownBy(() -> {
                for (int i = 0; i < 20; i++) {
                    int part = i;
                    pipeline.submit(() -> part);
                }
                pipeline.finish();
            }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("disk full at part 0");
        }
    }
}
