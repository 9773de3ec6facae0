package dev.ccx.orchestrator.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdminUiSettingsTest {

    private static AdminUiSettings read(Map<String, String> env) {
        EnvReader r = new EnvReader(env);
        AdminUiSettings settings = AdminUiSettings.read(r);
        assertThat(r.errors()).isEmpty();
        return settings;
    }

    @Test
    void defaults_are_auto_secure_no_trusted_proxy_and_eight_hour_sessions() {
        AdminUiSettings settings = read(Map.of());
        assertThat(settings).isEqualTo(AdminUiSettings.DEFAULTS);
        assertThat(settings.sessionTtl()).isEqualTo(Duration.ofHours(8));
        assertThat(OrchestratorConfig.fromEnv(Map.of()).adminUi()).isEqualTo(AdminUiSettings.DEFAULTS);
    }

    @Test
    void settings_are_read_from_the_environment() {
        AdminUiSettings settings = read(Map.of("CCX_ADMIN_COOKIE_SECURE", "true",
                "CCX_TRUSTED_PROXIES", "10.0.0.0/8, ::1", "CCX_ADMIN_SESSION_TTL", "30m"));
        assertThat(settings.cookieSecure()).isEqualTo(AdminUiSettings.CookieSecure.ALWAYS);
        assertThat(settings.trustedProxies()).extracting(IpNetwork::toString).containsExactly("10.0.0.0/8", "::1");
        assertThat(settings.sessionTtl()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void every_bad_setting_is_reported_at_once() {
        assertThatThrownBy(() -> OrchestratorConfig.fromEnv(Map.of("CCX_ADMIN_COOKIE_SECURE", "maybe",
                "CCX_TRUSTED_PROXIES", "proxy.example,10.0.0.0/40", "CCX_ADMIN_SESSION_TTL", "0s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("CCX_ADMIN_COOKIE_SECURE")
                .hasMessageContaining("not an IP address or network: proxy.example")
                .hasMessageContaining("/40")
                .hasMessageContaining("CCX_ADMIN_SESSION_TTL");
    }

    @Test
    void x_forwarded_proto_is_believed_only_from_a_trusted_proxy() {
        AdminUiSettings settings = new AdminUiSettings(AdminUiSettings.CookieSecure.AUTO,
                List.of(IpNetwork.parse("172.18.0.0/16")), Duration.ofHours(1));
        assertThat(settings.secureCookie("http", "172.18.0.5", "https")).isTrue();
        assertThat(settings.secureCookie("http", "172.18.0.5", "HTTPS, http")).isTrue();
        assertThat(settings.secureCookie("http", "172.18.0.5", "http")).isFalse();
        assertThat(settings.secureCookie("http", "172.19.0.5", "https")).isFalse();
        assertThat(settings.secureCookie("http", "172.18.0.5", null)).isFalse();
        assertThat(settings.secureCookie("https", "203.0.113.9", null)).isTrue();
    }

    @Test
    void always_and_never_ignore_what_the_request_says() {
        AdminUiSettings always = new AdminUiSettings(AdminUiSettings.CookieSecure.ALWAYS, List.of(), Duration.ofHours(1));
        AdminUiSettings never = new AdminUiSettings(AdminUiSettings.CookieSecure.NEVER,
                List.of(IpNetwork.parse("127.0.0.1")), Duration.ofHours(1));
        assertThat(always.secureCookie("http", "127.0.0.1", null)).isTrue();
        assertThat(never.secureCookie("https", "127.0.0.1", "https")).isFalse();
    }

    @Test
    void networks_contain_their_addresses_only_and_never_resolve_names() {
        IpNetwork v4 = IpNetwork.parse("192.168.4.0/22");
        assertThat(v4.contains("192.168.7.255")).isTrue();
        assertThat(v4.contains("192.168.8.0")).isFalse();
        assertThat(v4.contains("localhost")).isFalse();
        assertThat(v4.contains("::ffff:192.168.4.1")).isTrue(); // the JDK maps v4-mapped v6 literals to v4
        IpNetwork v6 = IpNetwork.parse("fd00::/8");
        assertThat(v6.contains("fd12:3456::1")).isTrue();
        assertThat(v6.contains("[fd00::1]")).isTrue();
        assertThat(v6.contains("10.0.0.1")).isFalse();
        assertThat(IpNetwork.parse("10.1.2.3").contains("10.1.2.4")).isFalse();
        assertThatThrownBy(() -> IpNetwork.parse("example.org/8")).isInstanceOf(IllegalArgumentException.class);
    }
}
