package io.crmsync.common.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HostPolicyTest {

    private final HostPolicy strict = new HostPolicy(List.of());

    @ParameterizedTest
    @ValueSource(strings = { "localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]", "169.254.169.254", "fe80::1",
            "10.1.2.3", "172.16.0.1", "192.168.1.1", "0.0.0.0", "fd12:3456::1", "100.64.0.1",
            "metadata.google.internal" })
    void shouldRefuseInternalHostsByDefault(String host) {
        assertThat(strict.refusal(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = { "8.8.8.8", "2606:4700:4700::1111", "172.32.0.1", "192.169.0.1" })
    void shouldAcceptPublicAddresses(String host) {
        assertThat(strict.refusal(host)).isEmpty();
    }

    @Test
    void shouldAcceptWhatTheAllowListNames() {
        HostPolicy policy = new HostPolicy(List.of("localhost", "10.20.0.0/16", "*.svc.cluster.local", "::1"));
        assertThat(policy.refusal("localhost")).isEmpty();
        assertThat(policy.refusal("10.20.3.4")).isEmpty();
        assertThat(policy.refusal("10.21.3.4")).isPresent();
        assertThat(policy.refusal("::1")).isEmpty();
        assertThat(policy.refusal("127.0.0.1")).isPresent();
    }

    @Test
    void shouldFindEveryHostOfAnEndpoint() {
        assertThat(EndpointHosts.of(Map.of("jdbcUrl", "jdbc:postgresql://a:5432,[::1]:5433/db?x=1")))
                .extracting(Map.Entry::getValue).containsExactly("a", "[::1]");
        assertThat(EndpointHosts.of(Map.of("instanceUrl", "https://acme.my.salesforce.com/x")))
                .extracting(Map.Entry::getValue).containsExactly("acme.my.salesforce.com");
        assertThat(EndpointHosts.of(Map.of("username", "bob"))).isEmpty();
    }
}
