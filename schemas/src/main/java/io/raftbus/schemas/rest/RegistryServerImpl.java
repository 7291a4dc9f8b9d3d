package io.raftbus.schemas.rest;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.raftbus.schemas.SchemaRegistry;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty server of the registry API. One event loop thread accepts and serves every connection: registry
 * traffic is light (clients cache ids) and reads are memory lookups. See {@link RegistryServerInitializer}.
 */
final class RegistryServerImpl implements RegistryServer {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryServerImpl.class);
    private final EventLoopGroup group;
    private final Channel serverChannel;

    private RegistryServerImpl(EventLoopGroup group, Channel serverChannel) {
        this.group = group;
        this.serverChannel = serverChannel;
    }

    static RegistryServerImpl start(RegistryServerConfig config, SchemaRegistry registry, RegistryAuth auth)
            throws InterruptedException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(auth, "auth");
        EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("schema-registry-io", true));
        try {
            RegistryRoutes routes = new RegistryRoutes(registry);
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new RegistryServerInitializer(config, routes, auth))
                    .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
            LOG.info("schema registry API listening on {}", ch.localAddress());
            return new RegistryServerImpl(group, ch);
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void close() {
        serverChannel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
