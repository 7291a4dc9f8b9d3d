package io.raftbus.ingest.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.raftbus.ingest.AppConfig;
import io.raftbus.ingest.Apps;
import io.raftbus.ingest.internal.Json;
import io.raftbus.log.ChannelEvent;
import io.raftbus.log.ChannelKey;
import io.raftbus.log.PublishCommand;
import io.raftbus.schemas.ChannelSchemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The fan-out with real event loops: deliveries cross from the calling (dispatch) thread to each connection's
 * loop as one task per entry, so order, the held-then-live start and the flush are checked across threads.
 */
class ChannelFanoutLoopTest {
    static {
        io.netty.util.ResourceLeakDetector.setLevel(io.netty.util.ResourceLeakDetector.Level.PARANOID);
    }

    private static final ChannelKey NEWS = new ChannelKey("app-id", "news");
    private static final int ENTRIES = 200;
    private static final int EVENTS_PER_ENTRY = 5;
    /** The offset a late subscriber has "replayed" up to when it goes live: five entries after it subscribed. */
    private static final long REPLAYED = (ENTRIES / 2 + 5) * EVENTS_PER_ENTRY;

    /** The subscribers' loops, as a node's edge has; the receiving ends run on their own. */
    private final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(2);
    private final DefaultEventLoopGroup receivers = new DefaultEventLoopGroup(1);
    /** The offsets each receiving end (the server side of one subscriber's channel) got, in arrival order. */
    private final Map<Channel, List<Long>> received = new ConcurrentHashMap<>();
    private final List<Channel> servers = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        receivers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldDeliverEveryEntryInOrderOnEachLoopAndStartALateSubscriberWithoutGapOrDuplicate() throws Exception {
        LocalAddress address = new LocalAddress("fanout-loop-" + System.nanoTime());
        Channel server = new ServerBootstrap().group(receivers).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        List<Long> offsets = new CopyOnWriteArrayList<>();
                        received.put(ch, offsets);
                        servers.add(ch);
                        // The receiving end reads a byte stream as a WebSocket client does.
                        ch.pipeline().addLast(new WebSocket13FrameDecoder(false, false, 1 << 20),
                                new ChannelInboundHandlerAdapter() {
                                    @Override
                                    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                                        TextWebSocketFrame f = (TextWebSocketFrame) msg;
                                        try {
                                            offsets.add(Json.MAPPER.readTree(f.text()).path("raftbus")
                                                    .path("offset").asLong());
                                        } finally {
                                            f.release();
                                        }
                                    }
                                });
                    }
                }).bind(address).sync().channel();
        ChannelFanout fanout = new ChannelFanout(new Apps(List.of(AppConfig.development())), ChannelSchemas.NONE,
                Duration.ofMillis(2));
        List<Channel> clients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Channel c = client(address);
            clients.add(c);
            ChannelSubscription s = fanout.subscribe(connection(c, "1." + i), NEWS, null);
            c.eventLoop().submit(() -> s.startLive(0)).sync();
        }
        assertThat(clients.stream().map(Channel::eventLoop).distinct()).as("both loops in use").hasSize(2);

        Channel late = client(address);
        ChannelSubscription lateSub = null;
        long offset = 0;
        for (int entry = 0; entry < ENTRIES; entry++) {
            if (entry == ENTRIES / 2) {
                // Subscribed (held) while earlier entries are still on their way. It then "replays" from the store
                // up to an offset past the subscription (REPLAYED) and goes live on its own loop while later
                // entries keep arriving: it must get exactly the offsets after REPLAYED.
                lateSub = fanout.subscribe(connection(late, "2.0"), NEWS, null);
            }
            List<ChannelEvent> events = new ArrayList<>();
            for (int i = 0; i < EVENTS_PER_ENTRY; i++) {
                events.add(new ChannelEvent(NEWS, ++offset, 1, 0, "evt", "{}".getBytes(StandardCharsets.UTF_8),
                        null, PublishCommand.NO_SCHEMA));
            }
            fanout.onCommitted(events);
            if (entry == ENTRIES / 2 + 10) {
                ChannelSubscription s = lateSub;
                late.eventLoop().execute(() -> s.startLive(REPLAYED));
            }
        }

        long total = (long) ENTRIES * EVENTS_PER_ENTRY;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline && !allArrived(total)) {
            Thread.sleep(10);
        }
        assertThat(servers).hasSize(7);
        for (Channel s : servers) {
            List<Long> got = received.get(s);
            long first = got.isEmpty() ? 0 : got.get(0);
            long expectedFirst = first == 1 ? 1 : REPLAYED + 1;
            List<Long> expected = new ArrayList<>();
            for (long o = expectedFirst; o <= total; o++) {
                expected.add(o);
            }
            assertThat(got).as("every frame once, in commit order").containsExactlyElementsOf(expected);
        }
        assertThat(servers.stream().filter(s -> received.get(s).get(0) != 1)).as("the late subscriber")
                .hasSize(1);
        server.close().sync();
    }

    private Channel client(LocalAddress address) throws InterruptedException {
        // Room for every frame of the test unflushed: the fan-out closes a subscriber over the high-water mark.
        return new Bootstrap().group(loops).channel(LocalChannel.class)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 1 << 21))
                .handler(new ChannelInboundHandlerAdapter()).connect(address).sync().channel();
    }

    private boolean allArrived(long total) {
        if (servers.size() < 7) {
            return false;
        }
        return servers.stream().allMatch(s -> {
            List<Long> got = received.get(s);
            return !got.isEmpty() && got.get(got.size() - 1) == total;
        });
    }

    private static FanoutConnection connection(Channel ch, String socketId) {
        return new FanoutConnection() {
            @Override
            public Channel channel() {
                return ch;
            }

            @Override
            public String socketId() {
                return socketId;
            }

            @Override
            public boolean resume() {
                return true;
            }

            @Override
            public void overCapacity() {
                throw new AssertionError("no subscriber is slow here");
            }

            @Override
            public void terminated() {
            }
        };
    }
}
