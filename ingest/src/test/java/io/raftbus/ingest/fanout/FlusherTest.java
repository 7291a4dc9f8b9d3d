package io.raftbus.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class FlusherTest {
    private static final long INTERVAL = TimeUnit.MILLISECONDS.toNanos(200);

    private final List<Integer> flushes = new ArrayList<>();
    private final EmbeddedChannel ch = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes.add(flushes.size() + 1);
            ctx.flush();
        }
    });

    @Test
    void shouldFlushALoneWriteAtOnceAndCoalesceTheWritesOfABurstIntoOneLaterFlush() throws Exception {
        write("a");
        assertThat(ch.outboundMessages()).as("the first flush after a quiet interval is immediate")
                .containsExactly("a");

        write("b");
        write("c");
        assertThat(ch.outboundMessages()).as("within the interval: held").containsExactly("a");
        assertThat(flushes).hasSize(1);

        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(INTERVAL) + 50);
        ch.runScheduledPendingTasks();
        assertThat(ch.outboundMessages()).containsExactly("a", "b", "c");
        assertThat(flushes).as("one flush for the burst").hasSize(2);

        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(INTERVAL) + 50);
        write("d");
        assertThat(ch.outboundMessages()).as("quiet again: immediate").containsExactly("a", "b", "c", "d");
        assertThat(flushes).hasSize(3);
    }

    @Test
    void shouldFlushEveryTimeWithoutAnInterval() {
        ch.write("a");
        Flusher.flush(ch, 0);
        ch.write("b");
        Flusher.flush(ch, 0);

        assertThat(ch.outboundMessages()).containsExactly("a", "b");
        assertThat(flushes).hasSize(2);
    }

    /** Writes as the fan-out does (unflushed) and requests a flush; runs the queued tasks. */
    private void write(String frame) {
        ch.write(frame);
        Flusher.flush(ch, INTERVAL);
        ch.runPendingTasks();
    }
}
