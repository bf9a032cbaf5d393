package org.kyso.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReliabilityTallyTest {

    @TempDir
    Path dir;

    @Test
    void aFaultsLineHasItsCountsAndTheSecondsSinceCreation() throws IOException {
        ReliabilityTally tally = ReliabilityTally.faults("sdk-testkit/Example", IOException.class);

        tally.run(Duration.ofSeconds(5), () -> "fine");
        tally.run(Duration.ofSeconds(5), () -> {
            throw new IOException("typed");
        });
        tally.run(Duration.ofSeconds(5), () -> {
            throw new IllegalStateException("untyped");
        });
        Files.writeString(dir.resolve("in.pdf"), "x");
        Files.writeString(dir.resolve("out.pdf.tmp"), "partial");
        assertThat(tally.leftovers(dir, List.of("in.pdf"))).containsExactly("out.pdf.tmp");

        // seconds: whole seconds since the tally was created, 0 here unless the machine is very busy
        assertThat(tally.line()).matches("RELIABILITY faults suite=sdk-testkit/Example injected=3 hangs=0 untyped=1 partial=1 seconds=\\d+");
        assertThat(tally.seconds()).isBetween(0L, 60L);
    }

    @Test
    void anActionPastTheLimitIsAHangAndTheTestGoesOn() {
        ReliabilityTally tally = ReliabilityTally.attacks("sdk-testkit/Example", IOException.class);

        ReliabilityTally.Trial<Object> trial = tally.run(Duration.ofMillis(200), () -> {
            Thread.sleep(60_000);
            return null;
        });

        assertThat(trial.hung()).isTrue();
        assertThat(trial.took()).isLessThan(Duration.ofSeconds(10));
        assertThat(tally.hangCount()).isEqualTo(1);
        assertThat(tally.triedCount()).isEqualTo(1);
    }

    @Test
    void eachKindPrintsItsOwnColumns() {
        ReliabilityTally attacks = ReliabilityTally.attacks("sdk-xml/XmlAttacksTest", IOException.class);
        attacks.tried(12);
        attacks.missed(0);
        ReliabilityTally concurrency = ReliabilityTally.concurrency("sdk-pdf/PdfConcurrencyThousandTest");
        concurrency.tried(1000);
        concurrency.mismatches(2);
        ReliabilityTally secrets = ReliabilityTally.secrets("examples/SecretsNeverShownTest");
        secrets.tried(4);
        secrets.leaks(1);

        assertThat(attacks.line()).startsWith("RELIABILITY attacks suite=sdk-xml/XmlAttacksTest inputs=12 hangs=0 untyped=0 missed=0 seconds=");
        assertThat(concurrency.line())
                .startsWith("RELIABILITY concurrency suite=sdk-pdf/PdfConcurrencyThousandTest documents=1000 mismatches=2 hangs=0 untyped=0 seconds=");
        assertThat(secrets.line()).startsWith("RELIABILITY secrets suite=examples/SecretsNeverShownTest scanned=4 leaks=1 seconds=");
    }

    @Test
    void refusesToCountAColumnItsKindDoesNotHave() {
        ReliabilityTally secrets = ReliabilityTally.secrets("examples/SecretsNeverShownTest");

        assertThatThrownBy(() -> secrets.partial(1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("no partial column");
        assertThatThrownBy(() -> secrets.run(Duration.ofSeconds(1), () -> null)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReliabilityTally.faults("with space", null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> secrets.leaks(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsFromSixteenThreadsAddUp() throws Exception {
        ReliabilityTally tally = ReliabilityTally.concurrency("sdk-testkit/Example");

        List<Integer> results = tally.onThreads(16, 16_000, Duration.ofMinutes(1), i -> {
            tally.tried();
            tally.mismatches(1);
            return i;
        });

        assertThat(results).hasSize(16_000).isSorted().startsWith(0, 1, 2).endsWith(15_999);
        assertThat(tally.triedCount()).isEqualTo(16_000);
        assertThat(tally.mismatchCount()).isEqualTo(16_000);
        assertThat(tally.hangCount()).isZero();
        assertThat(tally.untypedCount()).isZero();
    }

    @Test
    void onThreadsCountsAnItemThatThrowsOrOverrunsAndRethrows() {
        ReliabilityTally tally = ReliabilityTally.concurrency("sdk-testkit/Example");

        assertThatThrownBy(() -> tally.onThreads(4, 8, Duration.ofMinutes(1), i -> {
            if (i == 5) {
                throw new IllegalStateException("item 5");
            }
            return i;
        })).isInstanceOf(java.util.concurrent.ExecutionException.class).hasRootCauseMessage("item 5");
        assertThatThrownBy(() -> tally.onThreads(2, 2, Duration.ofMillis(200), i -> {
            Thread.sleep(i == 0 ? 10_000 : 0);
            return i;
        })).isInstanceOf(java.util.concurrent.TimeoutException.class);

        assertThat(tally.untypedCount()).isEqualTo(1);
        assertThat(tally.hangCount()).isEqualTo(1);
        assertThatThrownBy(() -> ReliabilityTally.secrets("sdk-testkit/Example").onThreads(1, 1, Duration.ofSeconds(1), i -> i))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void writeReplacesTheSuitesFileUnderTargetReliability() throws IOException {
        ReliabilityTally tally = ReliabilityTally.secrets("sdk-testkit/ReliabilityTallyTest-write");
        tally.tried(2);

        Path file = tally.write();
        try {
            assertThat(file).isEqualTo(Path.of("target", "reliability", "sdk-testkit_ReliabilityTallyTest-write.txt"));
            assertThat(Files.readAllLines(file)).containsExactly(tally.line());
        } finally {
            // Not a reliability suite: keep it out of .ci/reliability-summary's table.
            Files.deleteIfExists(file);
        }
    }
}
