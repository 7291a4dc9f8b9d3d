package io.raftbus.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.raftbus.schemas.internal.BoundChannelSchemas;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ChannelBindingsTest {
    private final InMemorySchemaSource source = new InMemorySchemaSource();

    private BoundChannelSchemas parse(String config) {
        return (BoundChannelSchemas) ChannelBindings.parse(config, source);
    }

    @Test
    void shouldBindNothingWhenConfigIsBlankOrAbsent() {
        assertThat(ChannelBindings.parse(null, null)).isSameAs(ChannelSchemas.NONE);
        assertThat(ChannelBindings.parse("  ", null)).isSameAs(ChannelSchemas.NONE);
        assertThat(ChannelBindings.parse(" ; \n ;", null)).isSameAs(ChannelSchemas.NONE);
        assertThat(ChannelBindings.fromProperties(new Properties(), null)).isSameAs(ChannelSchemas.NONE);
    }

    @Test
    void shouldUseChannelValueStrategyWhenEntryHasNoSubject() {
        BoundChannelSchemas s = parse("orders-*");
        assertThat(s.subjectOf("app", "orders-eu")).contains("orders-eu-value");
        assertThat(s.subjectOf("app", "orders-")).contains("orders--value");
        assertThat(s.subjectOf("app", "order")).isEmpty();
        assertThat(ChannelBindings.defaultSubject("x")).isEqualTo("x-value");
    }

    @Test
    void shouldBindPatternsToSubjectsWhenSubjectIsGiven() {
        BoundChannelSchemas s = parse("orders-*=orders-value; private-payments = payments-value\n*-audit-*=audit");
        assertThat(s.subjectOf("a", "orders-1")).contains("orders-value");
        assertThat(s.subjectOf("a", "private-payments")).contains("payments-value");
        assertThat(s.subjectOf("a", "private-payments-2")).isEmpty();
        assertThat(s.subjectOf("a", "x-audit-y")).contains("audit");
        assertThat(s.subjectOf("a", "-audit-")).contains("audit");
        assertThat(s.bindings()).hasSize(3);
    }

    @Test
    void shouldLetFirstMatchingEntryWinWhenSeveralMatch() {
        BoundChannelSchemas s = parse("orders-vip=vip;orders-*=orders-value");
        assertThat(s.subjectOf("a", "orders-vip")).contains("vip");
        assertThat(s.subjectOf("a", "orders-x")).contains("orders-value");
    }

    @Test
    void shouldLimitEntryToAppWhenAppIsGiven() {
        BoundChannelSchemas s = parse("app-1:orders=o1;orders=o");
        assertThat(s.subjectOf("app-1", "orders")).contains("o1");
        assertThat(s.subjectOf("app-2", "orders")).contains("o");
    }

    @Test
    void shouldNotMatchSystemChannelsWhenPatternDoesNotStartWithHash() {
        BoundChannelSchemas s = parse("*;#server-to-user-*=users");
        assertThat(s.subjectOf("a", "anything")).contains("anything-value");
        assertThat(s.subjectOf("a", "#cluster-g1")).isEmpty();
        assertThat(s.subjectOf("a", "#server-to-user-7")).contains("users");
    }

    @Test
    void shouldReadBindingsFromProperties() {
        Properties p = new Properties();
        p.setProperty(ChannelBindings.Keys.BINDINGS, "orders");
        assertThat(((BoundChannelSchemas) ChannelBindings.fromProperties(p, source)).subjectOf("a", "orders"))
                .contains("orders-value");
        assertThat(ChannelBindings.Keys.BINDINGS).isEqualTo("raftbus.schemas.bindings");
    }

    @Test
    void shouldNameKeyAndEntryWhenConfigIsBad() {
        assertBad("orders=", "entry 'orders=': the subject after '=' is empty");
        assertBad("=orders-value", "the channel pattern is empty");
        assertBad("a b=c", "channel pattern 'a b'");
        assertBad("orders=a b", "must not contain whitespace");
        assertBad(":orders", "the app id before ':' is empty");
        assertBad("orders;orders=x", "pattern 'orders' is bound twice");
        assertBad("orders$", "may only use");
    }

    @Test
    void shouldNeedSourceWhenSomethingIsBound() {
        assertThatThrownBy(() -> ChannelBindings.parse("orders", null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("raftbus.schemas.bindings");
    }

    private void assertBad(String config, String message) {
        assertThatThrownBy(() -> ChannelBindings.parse(config, source)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("raftbus.schemas.bindings: ").hasMessageContaining(message);
    }
}
