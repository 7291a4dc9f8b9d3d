package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ExternalRegistryConfigTest {
    @Test
    void shouldBeEmptyWhenNoUrlIsSet() {
        assertThat(ExternalRegistryConfig.fromProperties(new Properties())).isEmpty();
    }

    @Test
    void shouldParseEveryKeyWhenSet() {
        Properties p = new Properties();
        p.setProperty(ExternalRegistryConfig.Keys.URL, "http://registry:8081/apis/ccompat/v7");
        p.setProperty(ExternalRegistryConfig.Keys.KEY, "k");
        p.setProperty(ExternalRegistryConfig.Keys.SECRET, "s");
        p.setProperty(ExternalRegistryConfig.Keys.LATEST_TTL_MS, "250");
        p.setProperty(ExternalRegistryConfig.Keys.REQUEST_TIMEOUT_MS, "900");
        assertThat(ExternalRegistryConfig.fromProperties(p)).contains(new ExternalRegistryConfig(
                URI.create("http://registry:8081/apis/ccompat/v7"),
                Optional.of(new ExternalRegistryConfig.Credentials("k", "s")), Duration.ofMillis(250),
                Duration.ofMillis(900)));
    }

    @Test
    void shouldNameKeyWhenValueIsBad() {
        for (String[] bad : new String[][] {{ExternalRegistryConfig.Keys.URL, "ftp://x"},
                {ExternalRegistryConfig.Keys.URL, "not a url"}, {ExternalRegistryConfig.Keys.LATEST_TTL_MS, "-1"},
                {ExternalRegistryConfig.Keys.REQUEST_TIMEOUT_MS, "0"}}) {
            Properties p = new Properties();
            p.setProperty(ExternalRegistryConfig.Keys.URL, "http://registry:8081");
            p.setProperty(bad[0], bad[1]);
            assertThatThrownBy(() -> ExternalRegistryConfig.fromProperties(p)).as(bad[0])
                    .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(bad[0] + "=");
        }
    }

    @Test
    void shouldHideSecretWhenCredentialsArePrinted() {
        assertThat(new ExternalRegistryConfig.Credentials("k", "hunter2").toString()).doesNotContain("hunter2");
    }

    @Test
    void shouldMapUnknownCodesByStatusWhenRegistryAnswersThem() {
        assertThat(ExternalRegistry.errorOf(40401, 404)).isEqualTo(RegistryError.SUBJECT_NOT_FOUND);
        assertThat(ExternalRegistry.errorOf(409, 409)).isEqualTo(RegistryError.INCOMPATIBLE);
        assertThat(ExternalRegistry.errorOf(401, 401)).isEqualTo(RegistryError.UNAUTHORIZED);
        assertThat(ExternalRegistry.errorOf(42299, 422)).isEqualTo(RegistryError.INVALID_SCHEMA);
        assertThat(ExternalRegistry.errorOf(503, 503)).isEqualTo(RegistryError.STORE_ERROR);
    }
}
