package io.raftbus.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The subscribing side of {@code bench ws}: Pusher WebSocket connections (protocol 7) to the edges, on
 * {@link #EVENT_LOOP_THREADS} Netty event loops. A connection waits for {@code pusher:connection_established},
 * subscribes to its channel and is ready on {@code pusher_internal:subscription_succeeded}; an idle connection
 * (no channel) is ready once established. Each {@code bench} event is handed to the {@link DeliveryListener}
 * with the intended send time read from its data.
 *
 * <p>Why not {@code java.net.http.WebSocket}: it decodes every frame into a {@code CharSequence} and calls its
 * listener through the client's executor. Draining a 1,000-subscriber fan-out backlog it took the benchmark JVM
 * 4.8 microseconds of CPU per delivery (57% of a core at about 120,000 deliveries/s), cores the nodes on the
 * same two cores need; this client takes 1.4 (20% of a core at about 147,000/s). Here a frame is scanned in its own
 * bytes ({@link #intendedSendTime}) on the event loop that read it, without a String. WebSocket pings are answered
 * with pongs by {@link WebSocketClientProtocolHandler}; like the JDK client before it, this one does not answer
 * {@code pusher:ping} (the edge's keep-alive counts any inbound frame, and the pong frame is one).
 */
final class BenchWsClient implements AutoCloseable {
    /** Event loops shared by all connections; few, since the generator shares two cores with three nodes. */
    static final int EVENT_LOOP_THREADS = 2;
    private static final int MAX_FRAME_BYTES = 1 << 20;
    private static final int HANDSHAKE_RESPONSE_BYTES = 8192;
    private static final byte[] BENCH_EVENT = ascii("\"bench\"");
    private static final byte[] CONNECTION_ESTABLISHED = ascii("pusher:connection_established");
    private static final byte[] SUBSCRIPTION_SUCCEEDED = ascii("subscription_succeeded");
    private static final byte[] T_KEY = ascii("\"t");

    private final EventLoopGroup group = new NioEventLoopGroup(EVENT_LOOP_THREADS,
            new DefaultThreadFactory("bench-ws", true));
    private final Bootstrap bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    private final String appKey;
    private final DeliveryListener listener;
    private final Map<String, LongAdder> closes = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** Receives every {@code bench} event, on the event loop of the connection that read it. */
    @FunctionalInterface
    interface DeliveryListener {
        /**
         * One event arrived.
         *
         * @param intendedNs the intended send time carried in the event's data ({@code System.nanoTime()}).
         * @param receivedNs {@code System.nanoTime()} when its frame was read.
         */
        void delivered(long intendedNs, long receivedNs);
    }

    /**
     * Creates the client; connections are opened with {@link #connect}.
     *
     * @param appKey the key of the app the connections join ({@code /app/<key>}).
     * @param listener called for each {@code bench} event on any connection, from the event loops.
     */
    BenchWsClient(String appKey, DeliveryListener listener) {
        this.appKey = appKey;
        this.listener = listener;
    }

    /**
     * Opens one connection to the edge on 127.0.0.1.
     *
     * @param port the edge's port.
     * @param channel the channel to subscribe to, or {@code null} for an idle connection.
     * @return completes when the connection is subscribed (idle: established); fails if the connection, the
     *     handshake or the subscription fails, or the connection closes first.
     */
    CompletableFuture<Void> connect(int port, String channel) {
        SubscriberHandler subscriber = new SubscriberHandler(channel);
        WebSocketClientProtocolConfig config = WebSocketClientProtocolConfig.newBuilder()
                .webSocketUri(URI.create("ws://127.0.0.1:" + port + "/app/" + appKey
                        + "?protocol=7&client=raftbus-bench&version=1.0"))
                .version(WebSocketVersion.V13).maxFramePayloadLength(MAX_FRAME_BYTES)
                .handleCloseFrames(false).generateOriginHeader(false).withUTF8Validator(false)
                .handshakeTimeoutMillis(30_000).build();
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(HANDSHAKE_RESPONSE_BYTES),
                        new WebSocketClientProtocolHandler(config), new WebSocketFrameAggregator(MAX_FRAME_BYTES),
                        subscriber);
            }
        }).connect("127.0.0.1", port);
        f.addListener(done -> {
            if (!done.isSuccess()) {
                subscriber.ready.completeExceptionally(done.cause());
            }
        });
        return subscriber.ready;
    }

    /**
     * Returns how many connections closed after they were ready, by close code and reason ({@code "4100 Over
     * capacity"}; {@code "no close frame"} if the connection just ended).
     *
     * @return the counts, empty if none closed.
     */
    Map<String, Long> closedAfterReady() {
        Map<String, Long> counts = new TreeMap<>();
        closes.forEach((reason, n) -> counts.put(reason, n.sum()));
        return counts;
    }

    /** Closes every connection (no close handshake) and stops the event loops. */
    @Override
    public void close() {
        closing = true;
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Returns the intended send time of a {@code bench} event: the digits after {@code "t":}, or after
     * {@code \"t\":} inside the escaped data string (what {@code \\?"t\\?":(\d+)} matches), or -1 if there are
     * none.
     */
    static long intendedSendTime(ByteBuf frame) {
        int end = frame.writerIndex();
        for (int i = indexOf(frame, T_KEY, frame.readerIndex()); i >= 0; i = indexOf(frame, T_KEY, i + 1)) {
            int p = i + T_KEY.length;
            if (p < end && frame.getByte(p) == '\\') {
                p++;
            }
            if (p + 1 >= end || frame.getByte(p) != '"' || frame.getByte(p + 1) != ':') {
                continue;
            }
            long value = 0;
            int digits = 0;
            for (p += 2; p < end; p++, digits++) {
                byte b = frame.getByte(p);
                if (b < '0' || b > '9') {
                    break;
                }
                value = value * 10 + (b - '0');
            }
            if (digits > 0) {
                return value;
            }
        }
        return -1;
    }

    /** Returns the first index at or after {@code from} where {@code needle} starts in the frame, or -1. */
    static int indexOf(ByteBuf frame, byte[] needle, int from) {
        int last = frame.writerIndex() - needle.length;
        for (int i = from; i <= last; i++) {
            if (startsAt(frame, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsAt(ByteBuf frame, int index, byte[] needle) {
        for (int j = 0; j < needle.length; j++) {
            if (frame.getByte(index + j) != needle[j]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The Pusher side of one connection: subscribe after connection_established, then report events. */
    private final class SubscriberHandler extends ChannelInboundHandlerAdapter {
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final String channel;
        private String closedWith;

        SubscriberHandler(String channel) {
            this.channel = channel;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof TextWebSocketFrame text) {
                    onText(ctx, text.content());
                } else if (msg instanceof CloseWebSocketFrame close) {
                    closedWith = close.statusCode() + " " + close.reasonText();
                    ctx.close();
                }
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        private void onText(ChannelHandlerContext ctx, ByteBuf frame) {
            long now = System.nanoTime();
            int from = frame.readerIndex();
            if (indexOf(frame, BENCH_EVENT, from) >= 0) {
                long intended = intendedSendTime(frame);
                if (intended >= 0) {
                    listener.delivered(intended, now);
                }
            } else if (indexOf(frame, CONNECTION_ESTABLISHED, from) >= 0) {
                if (channel == null) {
                    ready.complete(null);
                } else {
                    ctx.writeAndFlush(new TextWebSocketFrame("{\"event\":\"pusher:subscribe\",\"data\":{\"channel\":\""
                            + channel + "\"}}"), ctx.voidPromise());
                }
            } else if (indexOf(frame, SUBSCRIPTION_SUCCEEDED, from) >= 0) {
                ready.complete(null);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
                ready.completeExceptionally(new IOException("WebSocket handshake timed out"));
            }
            ctx.fireUserEventTriggered(evt);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (ready.isDone() && !ready.isCompletedExceptionally() && !closing) {
                closes.computeIfAbsent(closedWith == null ? "no close frame" : closedWith, r -> new LongAdder())
                        .increment();
            }
            ready.completeExceptionally(new IllegalStateException(closedWith == null ? "connection closed"
                    : "closed " + closedWith));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ready.completeExceptionally(cause);
            ctx.close();
        }
    }
}
