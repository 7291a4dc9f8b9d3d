package io.raftbus.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RaftbusToolTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return RaftbusTool.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void shouldNameKeyAndValueWhenConfigValueIsBad() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "raftbus.log.node-id=n1\nraftbus.log.peers=n1=127.0.0.1:7001\n"
                + "raftbus.log.group-count=lots\n");
        assertThat(run("node", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains("raftbus.log.group-count").contains("'lots'");
    }

    @Test
    void shouldNameKeyWhenConfigKeyIsUnknown() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "raftbus.log.node-id=n1\nraftbus.log.peers=n1=127.0.0.1:7001\n"
                + "raftbus.log.group-cnt=2\n");
        assertThat(run("node", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains("raftbus.log.group-cnt").contains("unknown setting");
    }

    @Test
    void shouldRefuseNodeIdThatIsNotAPeer() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "raftbus.log.node-id=n9\nraftbus.log.peers=n1=127.0.0.1:7001\n");
        assertThat(run("node", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains("raftbus.log.node-id").contains("n9");
    }

    @Test
    void shouldExplainBadPeerSpec() {
        assertThat(run("status", "--peers", "n1:7001")).isEqualTo(2);
        assertThat(err()).contains("id=host:port").contains("n1:7001");
    }

    @Test
    void shouldPrintUsageWhenCommandIsUnknownOrMissing() {
        assertThat(run()).isEqualTo(2);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("usage: raftbus");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void shouldRequireChannelForPublish() {
        assertThat(run("publish", "--data", "x")).isEqualTo(2);
        assertThat(err()).contains("--channel is required");
    }

    @Test
    void shouldRefuseUnknownOptionInsteadOfIgnoringIt() {
        assertThat(run("tail", "--chanel", "orders")).isEqualTo(2);
        assertThat(err()).contains("unknown option --chanel").contains("--channel");
    }

    @Test
    void shouldNameKeyAndValueWhenIngestConfigValueIsBad() throws IOException {
        Path f = dir.resolve("node.properties");
        Files.writeString(f, "raftbus.log.node-id=n1\nraftbus.log.peers=n1=127.0.0.1:7001\n"
                + "raftbus.ingest.port=lots\n");
        assertThat(run("node", "--config", f.toString())).isEqualTo(2);
        assertThat(err()).contains("raftbus.ingest.port").contains("lots");
    }

    @Test
    void shouldPrintClientSnippetWithDevCredentialsAndPort() {
        String s = RaftbusTool.clientSnippet(io.raftbus.ingest.AppConfig.development(), 6002);
        assertThat(s).contains("new PusherJs('app-key'").contains("wsPort: 6002").contains("forceTLS: false")
                .contains("appId: 'app-id'").contains("secret: 'app-secret'").contains("port: 6002");
    }

    @Test
    void shouldRefuseBadEdgePortWhenStartingDev() {
        assertThat(run("dev", "--edge-port", "x")).isEqualTo(2);
        assertThat(err()).contains("--edge-port").contains("'x'");
    }
}
