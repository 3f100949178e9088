package io.switchboard.terraform.provider;

import io.grpc.ServerServiceDefinition;
import io.switchboard.terraform.plugin.Rpc;
import io.switchboard.terraform.protocol.Tf6;

/** The tfplugin6.Provider gRPC service over a {@link ProviderService}: one line per served RPC. */
public final class ProviderGrpc {
  private ProviderGrpc() {}

  public static ServerServiceDefinition bind(ProviderService p) {
    return Rpc.service("tfplugin6.Provider")
        .unary("GetProviderSchema", Tf6.GetProviderSchema.Request.getDefaultInstance(),
            Tf6.GetProviderSchema.Response.getDefaultInstance(), p::getProviderSchema)
        .unary("ValidateProviderConfig", Tf6.ValidateProviderConfig.Request.getDefaultInstance(),
            Tf6.ValidateProviderConfig.Response.getDefaultInstance(), p::validateProviderConfig)
        .unary("ValidateResourceConfig", Tf6.ValidateResourceConfig.Request.getDefaultInstance(),
            Tf6.ValidateResourceConfig.Response.getDefaultInstance(), p::validateResourceConfig)
        .unary("ValidateDataResourceConfig", Tf6.ValidateDataResourceConfig.Request.getDefaultInstance(),
            Tf6.ValidateDataResourceConfig.Response.getDefaultInstance(), p::validateDataResourceConfig)
        .unary("UpgradeResourceState", Tf6.UpgradeResourceState.Request.getDefaultInstance(),
            Tf6.UpgradeResourceState.Response.getDefaultInstance(), p::upgradeResourceState)
        .unary("ConfigureProvider", Tf6.ConfigureProvider.Request.getDefaultInstance(),
            Tf6.ConfigureProvider.Response.getDefaultInstance(), p::configureProvider)
        .unary("ReadResource", Tf6.ReadResource.Request.getDefaultInstance(),
            Tf6.ReadResource.Response.getDefaultInstance(), p::readResource)
        .unary("PlanResourceChange", Tf6.PlanResourceChange.Request.getDefaultInstance(),
            Tf6.PlanResourceChange.Response.getDefaultInstance(), p::planResourceChange)
        .unary("ApplyResourceChange", Tf6.ApplyResourceChange.Request.getDefaultInstance(),
            Tf6.ApplyResourceChange.Response.getDefaultInstance(), p::applyResourceChange)
        .unary("ImportResourceState", Tf6.ImportResourceState.Request.getDefaultInstance(),
            Tf6.ImportResourceState.Response.getDefaultInstance(), p::importResourceState)
        .unary("ReadDataSource", Tf6.ReadDataSource.Request.getDefaultInstance(),
            Tf6.ReadDataSource.Response.getDefaultInstance(), p::readDataSource)
        .unary("StopProvider", Tf6.StopProvider.Request.getDefaultInstance(),
            Tf6.StopProvider.Response.getDefaultInstance(), p::stopProvider)
        .build();
  }
}
