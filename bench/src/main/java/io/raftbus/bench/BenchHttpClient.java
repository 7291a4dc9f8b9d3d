package io.raftbus.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The publishing side of {@code bench ws}: HTTP/1.1 POSTs over keep-alive connections to the edges, on one Netty
 * event loop. A connection carries one request at a time (no pipelining); up to {@code maxConnectionsPerPort}
 * are opened per edge and a request waits for a free one.
 *
 * <p>Why not {@code java.net.http.HttpClient}: on two shared cores its selector thread hands every response to
 * a worker pool, and a profile of the benchmark JVM at 12,000 events/s (1,200 requests/s) had half its samples in
 * those workers, most in the kernel switching threads. The cores it takes are the nodes' cores. All state here is
 * touched on the event loop only.
 */
final class BenchHttpClient implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("bench-http", true));
    private final EventLoop loop = group.next();
    private final int maxConnectionsPerPort;
    private final Map<Integer, Pool> pools = new HashMap<>();
    private final Bootstrap bootstrap;

    /**
     * Creates the client.
     *
     * @param maxConnectionsPerPort the most connections opened to one edge.
     */
    BenchHttpClient(int maxConnectionsPerPort) {
        this.maxConnectionsPerPort = maxConnectionsPerPort;
        this.bootstrap = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20),
                                new ResponseHandler());
                    }
                });
    }

    /**
     * Sends a POST with a JSON body to an edge on 127.0.0.1.
     *
     * @param port the edge's port.
     * @param pathAndQuery the request target.
     * @param body the JSON body.
     * @return completes with the HTTP status, or exceptionally if the connection failed.
     */
    CompletableFuture<Integer> post(int port, String pathAndQuery, byte[] body) {
        Request r = new Request(port, pathAndQuery, body, new CompletableFuture<>());
        loop.execute(() -> dispatch(r));
        return r.result;
    }

    private void dispatch(Request r) {
        Pool pool = pools.computeIfAbsent(r.port, p -> new Pool());
        Channel ch;
        while ((ch = pool.idle.poll()) != null) {
            if (ch.isActive()) {
                send(ch, r);
                return;
            }
        }
        if (pool.open < maxConnectionsPerPort) {
            pool.open++;
            ChannelFuture f = bootstrap.connect("127.0.0.1", r.port);
            f.addListener(done -> {
                if (done.isSuccess()) {
                    f.channel().closeFuture().addListener(closed -> {
                        pool.open--;
                        Request waiting = pool.waiting.poll();
                        if (waiting != null) {
                            dispatch(waiting);
                        }
                    });
                    send(f.channel(), r);
                } else {
                    pool.open--;
                    r.result.completeExceptionally(done.cause());
                }
            });
            return;
        }
        pool.waiting.add(r);
    }

    private void send(Channel ch, Request r) {
        ch.pipeline().get(ResponseHandler.class).current = r;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, r.pathAndQuery,
                Unpooled.wrappedBuffer(r.body));
        req.headers().set(HttpHeaderNames.HOST, "127.0.0.1:" + r.port)
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, r.body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        ch.writeAndFlush(req, ch.voidPromise());
    }

    /** Hands a connection that finished a request to the next waiting request, or back to the idle pool. */
    private void release(Channel ch, int port) {
        Pool pool = pools.get(port);
        Request next = pool.waiting.poll();
        if (next != null) {
            send(ch, next);
        } else {
            pool.idle.add(ch);
        }
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private record Request(int port, String pathAndQuery, byte[] body, CompletableFuture<Integer> result) {
    }

    private static final class Pool {
        final ArrayDeque<Channel> idle = new ArrayDeque<>();
        final ArrayDeque<Request> waiting = new ArrayDeque<>();
        int open;
    }

    private final class ResponseHandler extends SimpleChannelInboundHandler<FullHttpResponse> {
        Request current;

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse response) {
            Request r = current;
            current = null;
            if (r == null) {
                return;
            }
            r.result.complete(response.status().code());
            if (response.headers().contains(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                ctx.close();
            } else {
                release(ctx.channel(), r.port);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Request r = current;
            current = null;
            if (r != null) {
                r.result.completeExceptionally(new IOException("connection to port " + r.port + " closed"));
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
