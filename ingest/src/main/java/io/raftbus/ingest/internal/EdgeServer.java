package io.raftbus.ingest.internal;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.raftbus.ingest.IngestConfig;
import io.raftbus.ingest.IngestServer;
import io.raftbus.ingest.pusher.CacheMissListener;
import io.raftbus.ingest.pusher.PusherNode;
import io.raftbus.ingest.webhook.WebhookSender;
import io.raftbus.log.RaftLog;
import io.raftbus.schemas.ChannelSchemas;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Netty server of one node's edge. See {@link EdgeInitializer} for the pipeline. */
public final class EdgeServer implements IngestServer {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeServer.class);
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel serverChannel;
    private final EdgeContext edge;

    private EdgeServer(EventLoopGroup boss, EventLoopGroup workers, Channel serverChannel, EdgeContext edge) {
        this.boss = boss;
        this.workers = workers;
        this.serverChannel = serverChannel;
        this.edge = edge;
    }

    /**
     * Binds the edge.
     *
     * @param config the settings.
     * @param log the node.
     * @param schemas the schema check of bound channels ({@link ChannelSchemas#NONE} for none).
     * @return the running edge.
     * @throws InterruptedException if interrupted while binding.
     */
    public static EdgeServer start(IngestConfig config, RaftLog log, ChannelSchemas schemas)
            throws InterruptedException {
        String node = log.nodeId();
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
                new DefaultThreadFactory(node + "-edge-timer", true));
        PusherNode pusher = new PusherNode(config, log, schemas);
        WebhookSender webhooks = WebhookSender.start(config, log, scheduler, schemas);
        pusher.cacheMissListener(new CacheMissListener() {
            @Override
            public void onCacheMiss(String appId, String channel) {
                webhooks.cacheMiss(appId, channel);
            }
        });
        EdgeContext edge = new EdgeContext(config, log, log.client(), scheduler, node, pusher, webhooks,
                schemas);
        pusher.start(scheduler);
        EventLoopGroup boss = new NioEventLoopGroup(1, new DefaultThreadFactory(node + "-edge-accept", true));
        EventLoopGroup workers = new NioEventLoopGroup(0, new DefaultThreadFactory(node + "-edge-io", true));
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new EdgeInitializer(edge))
                    .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
            EdgeServer server = new EdgeServer(boss, workers, ch, edge);
            LOG.info("node {} edge listening on {}", node, ch.localAddress());
            return server;
        } catch (RuntimeException | InterruptedException e) {
            boss.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            workers.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            pusher.close();
            webhooks.close();
            scheduler.shutdownNow();
            throw e;
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Returns the shared context (for tests and the launcher).
     *
     * @return the context.
     */
    public EdgeContext context() {
        return edge;
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        edge.pusher().close();
        edge.webhooks().close();
        edge.scheduler().shutdownNow();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
