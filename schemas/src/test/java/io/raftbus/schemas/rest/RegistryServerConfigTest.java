package io.raftbus.schemas.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class RegistryServerConfigTest {
    @Test
    void shouldUseDefaultsWhenNothingIsSet() {
        RegistryServerConfig c = RegistryServerConfig.fromProperties(new Properties());
        assertThat(c).isEqualTo(new RegistryServerConfig("127.0.0.1", 8081, false, 1 << 20));
        assertThat(RegistryServerConfig.defaults(0).withPort(9).withReadAuth(true).port()).isEqualTo(9);
    }

    @Test
    void shouldParseEveryKeyWhenSet() {
        Properties p = new Properties();
        p.setProperty(RegistryServerConfig.Keys.HOST, " 0.0.0.0 ");
        p.setProperty(RegistryServerConfig.Keys.PORT, "18081");
        p.setProperty(RegistryServerConfig.Keys.READ_AUTH, "yes");
        p.setProperty(RegistryServerConfig.Keys.MAX_REQUEST_BYTES, "4096");
        assertThat(RegistryServerConfig.fromProperties(p))
                .isEqualTo(new RegistryServerConfig("0.0.0.0", 18081, true, 4096));
    }

    @Test
    void shouldNameKeyWhenValueIsBad() {
        for (String[] bad : new String[][] {{RegistryServerConfig.Keys.PORT, "x"},
                {RegistryServerConfig.Keys.PORT, "70000"}, {RegistryServerConfig.Keys.READ_AUTH, "maybe"},
                {RegistryServerConfig.Keys.MAX_REQUEST_BYTES, "10"}}) {
            Properties p = new Properties();
            p.setProperty(bad[0], bad[1]);
            assertThatThrownBy(() -> RegistryServerConfig.fromProperties(p))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad[0] + "=" + bad[1]);
        }
    }
}
