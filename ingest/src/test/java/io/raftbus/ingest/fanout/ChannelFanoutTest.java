package io.raftbus.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelFanoutTest {
    static {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.PARANOID);
    }

    private static final ChannelKey NEWS = new ChannelKey("app-id", "news");
    private final ChannelFanout fanout = new ChannelFanout(new Apps(List.of(AppConfig.development())));

    static final class Conn implements FanoutConnection {
        final EmbeddedChannel ch = new EmbeddedChannel();
        final String id;
        final boolean resume;
        int overCapacity;
        int terminated;

        Conn(String id, boolean resume) {
            this.id = id;
            this.resume = resume;
        }

        @Override
        public EmbeddedChannel channel() {
            return ch;
        }

        @Override
        public String socketId() {
            return id;
        }

        @Override
        public boolean resume() {
            return resume;
        }

        @Override
        public void overCapacity() {
            overCapacity++;
        }

        @Override
        public void terminated() {
            terminated++;
        }

        String next() {
            io.netty.buffer.ByteBuf f = ch.readOutbound();
            return f == null ? null : WireFrames.text(f);
        }
    }

    private static ChannelEvent event(long offset, String exclude) {
        return new ChannelEvent(NEWS, offset, 3, 0, "evt", "{\"a\":1}".getBytes(StandardCharsets.UTF_8), exclude,
                PublishCommand.NO_SCHEMA);
    }

    @Test
    void shouldShareOneEncodingAndSkipExcludedSocket() {
        Conn a = new Conn("1.1", false);
        Conn b = new Conn("2.2", false);
        Conn r = new Conn("3.3", true);
        for (Conn c : List.of(a, b, r)) {
            fanout.subscribe(c, NEWS, null).startLive(0);
        }
        fanout.onCommitted(List.of(event(1, "2.2")));
        assertThat(a.next()).isEqualTo("{\"event\":\"evt\",\"channel\":\"news\",\"data\":\"{\\\"a\\\":1}\"}");
        assertThat(b.next()).isNull();
        assertThat(r.next()).endsWith(",\"raftbus\":{\"offset\":1,\"epoch\":3}}");
    }

    @Test
    void shouldHoldLiveEventsUntilStartedAndDropDuplicates() {
        Conn a = new Conn("1.1", true);
        ChannelSubscription s = fanout.subscribe(a, NEWS, null);
        fanout.onCommitted(List.of(event(1, null), event(2, null), event(3, null)));
        assertThat(a.next()).isNull();
        s.startLive(2);
        assertThat(a.next()).contains("\"offset\":3");
        assertThat(a.next()).isNull();
        fanout.onCommitted(List.of(event(3, null), event(4, null)));
        assertThat(a.next()).contains("\"offset\":4");
    }

    @Test
    void shouldFlushEachConnectionOnceAfterACommittedBatch() {
        Conn a = new Conn("1.1", false);
        Conn b = new Conn("2.2", false);
        java.util.concurrent.atomic.AtomicInteger flushes = new java.util.concurrent.atomic.AtomicInteger();
        java.util.List<Integer> writtenBeforeFlush = new java.util.ArrayList<>();
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        a.ch.pipeline().addFirst(new io.netty.channel.ChannelOutboundHandlerAdapter() {
            @Override
            public void write(io.netty.channel.ChannelHandlerContext ctx, Object msg,
                              io.netty.channel.ChannelPromise promise) {
                writes.incrementAndGet();
                ctx.write(msg, promise);
            }

            @Override
            public void flush(io.netty.channel.ChannelHandlerContext ctx) {
                flushes.incrementAndGet();
                writtenBeforeFlush.add(writes.get());
                ctx.flush();
            }
        });
        fanout.subscribe(a, NEWS, null).startLive(0);
        fanout.subscribe(b, NEWS, null).startLive(0);
        fanout.onCommitted(List.of(event(1, null), event(2, null), event(3, "2.2")));
        assertThat(flushes.get()).isEqualTo(1);
        assertThat(writtenBeforeFlush).containsExactly(3);
        for (int offset = 1; offset <= 3; offset++) {
            assertThat(a.next()).isNotNull();
        }
        assertThat(a.next()).isNull();
        assertThat(b.next()).isNotNull();
        assertThat(b.next()).isNotNull();
        assertThat(b.next()).isNull();
        fanout.onCommitted(List.of());
        assertThat(flushes.get()).isEqualTo(1);
    }

    @Test
    void shouldCloseOnlyTheSlowSubscriberWhenItsBufferIsFull() {
        Conn slow = new Conn("1.1", false);
        Conn fast = new Conn("2.2", false);
        slow.ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(1, 2));
        slow.ch.write(io.netty.buffer.Unpooled.wrappedBuffer(new byte[64]));
        assertThat(slow.ch.isWritable()).isFalse();
        fanout.subscribe(slow, NEWS, null).startLive(0);
        fanout.subscribe(fast, NEWS, null).startLive(0);
        fanout.onCommitted(List.of(event(1, null)));
        assertThat(slow.overCapacity).isEqualTo(1);
        assertThat(fast.next()).contains("evt");
        assertThat(fast.overCapacity).isZero();
        slow.ch.finishAndReleaseAll();
    }

    @Test
    void shouldDeliverSubscriptionCountOnlyWhenAppEnablesIt() {
        Conn a = new Conn("1.1", false);
        fanout.subscribe(a, NEWS, null).startLive(0);
        fanout.onCommitted(List.of(new ChannelEvent(new ChannelKey("app-id", "#cluster-g0"), 1, 1, 0,
                "subscription_count", "{\"channel\":\"news\",\"subscription_count\":3}".getBytes(
                        StandardCharsets.UTF_8), null, PublishCommand.NO_SCHEMA)));
        assertThat(a.next()).isNull();
        AppConfig counting = new AppConfig("app-id", "app-key", "s", true, true, true, AppConfig.Limits.PUSHER,
                List.of());
        ChannelFanout f2 = new ChannelFanout(new Apps(List.of(counting)));
        Conn b = new Conn("2.2", false);
        f2.subscribe(b, NEWS, null).startLive(0);
        f2.onCommitted(List.of(new ChannelEvent(new ChannelKey("app-id", "#cluster-g0"), 1, 1, 0,
                "subscription_count", "{\"channel\":\"news\",\"subscription_count\":3}".getBytes(
                        StandardCharsets.UTF_8), null, PublishCommand.NO_SCHEMA)));
        assertThat(b.next()).contains("pusher_internal:subscription_count").contains("subscription_count\\\":3");
    }
}
