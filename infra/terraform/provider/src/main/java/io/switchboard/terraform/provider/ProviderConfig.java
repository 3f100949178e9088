package io.switchboard.terraform.provider;

import io.switchboard.terraform.schema.Attr;
import io.switchboard.terraform.schema.AttrPath;
import io.switchboard.terraform.schema.Block;
import io.switchboard.terraform.schema.Diags;
import io.switchboard.terraform.value.Unknown;
import java.net.URI;
import java.util.Map;

/**
 * The provider block: {@code endpoint} and {@code token}, each falling back to SWITCHBOARD_ENDPOINT /
 * SWITCHBOARD_TOKEN so a token need not be written into configuration.
 */
public record ProviderConfig(String endpoint, String token) {
  public static final Block SCHEMA = Block.of(
      Attr.string("endpoint").optional()
          .describe("Base URL of a Switchboard node, e.g. https://switchboard.example.com. Default: $SWITCHBOARD_ENDPOINT."),
      Attr.string("token").optional().sensitive()
          .describe("A service token with the admin role (POST /api/v1/service-tokens). Default: $SWITCHBOARD_TOKEN."));

  /** Checks what is known at validate time. */
  public static void validate(Map<String, Object> config, Diags diags) {
    Object endpoint = config == null ? null : config.get("endpoint");
    if (endpoint instanceof String s) {
      checkEndpoint(s, AttrPath.ROOT.attr("endpoint"), diags);
    }
  }

  /** The effective configuration, or null with errors when something is missing. */
  public static ProviderConfig resolve(Map<String, Object> config, Map<String, String> env, Diags diags) {
    String endpoint = pick(config, "endpoint", env.get("SWITCHBOARD_ENDPOINT"), diags);
    String token = pick(config, "token", env.get("SWITCHBOARD_TOKEN"), diags);
    if (endpoint == null) {
      diags.error(AttrPath.ROOT.attr("endpoint"), "Missing Switchboard endpoint",
          "Set endpoint in the provider \"switchboard\" block or the SWITCHBOARD_ENDPOINT environment variable.");
    } else {
      checkEndpoint(endpoint, AttrPath.ROOT.attr("endpoint"), diags);
    }
    if (token == null) {
      diags.error(AttrPath.ROOT.attr("token"), "Missing Switchboard service token",
          "Set token in the provider \"switchboard\" block or the SWITCHBOARD_TOKEN environment variable "
              + "(create one with POST /api/v1/service-tokens).");
    }
    return diags.hasErrors() ? null : new ProviderConfig(endpoint, token);
  }

  private static String pick(Map<String, Object> config, String name, String fallback, Diags diags) {
    Object v = config == null ? null : config.get(name);
    if (v == Unknown.VALUE) {
      diags.error(AttrPath.ROOT.attr(name), "Provider " + name + " is not known yet",
          "The provider's " + name + " must be known before planning; it cannot depend on a resource.");
      return null;
    }
    String s = v instanceof String str && !str.isBlank() ? str : fallback;
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static void checkEndpoint(String s, AttrPath path, Diags diags) {
    try {
      URI u = URI.create(s);
      if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
        diags.error(path, "Invalid value for endpoint", "endpoint must be an http(s) URL such as https://sb.example.com, got \"" + s + "\"");
      }
    } catch (IllegalArgumentException e) {
      diags.error(path, "Invalid value for endpoint", "endpoint is not a URL: " + e.getMessage());
    }
  }

  @Override
  public String toString() {
    return "ProviderConfig[endpoint=" + endpoint + ", token=(sensitive)]";
  }
}
