package io.switchboard.auth;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.switchboard.config.Settings;
import io.switchboard.config.SwitchboardConfig;
import io.switchboard.redis.RedisConnections;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/** Shared by the auth and api tests: config, service start-up, odd tokens, log capture. */
public final class AuthTestSupport {
  private AuthTestSupport() {}

  /** Reference config with test overrides, e.g. {@code "auth.jwt.secret", "..."}. */
  public static SwitchboardConfig config(String... keyValues) {
    Map<String, String> o = new HashMap<>();
    o.put("node.id", "test-node");
    for (int i = 0; i < keyValues.length; i += 2) {
      o.put(keyValues[i], keyValues[i + 1]);
    }
    return SwitchboardConfig.from(Settings.of(o));
  }

  public static AuthService start(Vertx vertx, RedisConnections redis, SwitchboardConfig config,
      CredentialStore users, PasswordHasher hasher) {
    return AuthService.create(vertx, redis, config, users, hasher).await();
  }

  /** An access token signed by {@code auth} that expired {@code ago} ago. */
  public static String expiredAccessToken(AuthService auth, String tenant, String subject, Set<Role> roles) {
    Instant issued = Instant.now().minus(Duration.ofHours(1));
    return auth.jwt().issue(JwtTokens.Type.ACCESS, tenant, subject, roles, null, Duration.ofSeconds(60), issued)
        .token();
  }

  /** Captures every log event of the JVM until {@link Capture#close}. */
  public static Capture captureLogs() {
    Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = (Logger) LoggerFactory.getLogger("io.switchboard");
    ch.qos.logback.classic.Level before = ours.getLevel();
    ours.setLevel(ch.qos.logback.classic.Level.TRACE);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.list = new CopyOnWriteArrayList<>();
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
    return new Capture(root, ours, before, appender);
  }

  public static final class Capture implements AutoCloseable {
    private final Logger root;
    private final Logger ours;
    private final ch.qos.logback.classic.Level before;
    private final ListAppender<ILoggingEvent> appender;

    private Capture(Logger root, Logger ours, ch.qos.logback.classic.Level before, ListAppender<ILoggingEvent> a) {
      this.root = root;
      this.ours = ours;
      this.before = before;
      this.appender = a;
    }

    /** Every captured line: formatted message, arguments, MDC and throwable messages. */
    public List<String> lines() {
      return appender.list.stream().map(Capture::render).toList();
    }


    private static String render(ILoggingEvent e) {
      StringBuilder sb = new StringBuilder(e.getLoggerName()).append(' ').append(e.getFormattedMessage());
      sb.append(' ').append(e.getMDCPropertyMap());
      for (IThrowableProxy t = e.getThrowableProxy(); t != null; t = t.getCause()) {
        sb.append(' ').append(t.getClassName()).append(": ").append(t.getMessage());
      }
      return sb.toString();
    }

    @Override
    public void close() {
      root.detachAppender(appender);
      ours.setLevel(before);
    }
  }
}
