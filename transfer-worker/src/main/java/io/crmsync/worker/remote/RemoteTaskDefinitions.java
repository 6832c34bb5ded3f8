package io.crmsync.worker.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.crmsync.common.error.CrmsyncException;
import io.crmsync.common.error.ErrorCode;
import io.crmsync.proto.config.v1.FieldRule;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.scheduler.v1.Task;
import io.crmsync.worker.connector.EndpointAccess;
import io.crmsync.worker.task.TaskDefinition;
import io.crmsync.worker.task.TaskDefinitions;
import io.crmsync.worker.transfer.TransferFailure;
import io.grpc.Status;
import jakarta.inject.Singleton;

/**
 * Loads a task's definition from config-service. config-service serves the current version only, so a task
 * created with an older version runs with the current one (logged).
 */
@Singleton
public class RemoteTaskDefinitions implements TaskDefinitions {

    private static final Logger LOG = Logger.getLogger(RemoteTaskDefinitions.class);

    static final ErrorCode POINT_NOT_FOUND = ErrorCode.notFound("config.point_not_found");

    private final ConfigClient config;

    RemoteTaskDefinitions(ConfigClient config) {
        this.config = config;
    }

    @Override
    public TaskDefinition load(Task task) {
        Integration integration = notFoundIsConfiguration(() -> config.getIntegration(task.getIntegrationId()),
                "integration " + task.getIntegrationId() + " does not exist any more");
        if (integration.getVersion() != task.getIntegrationVersion()) {
            LOG.infof("integration changed since the run was created, using its current version task_id=%s "
                    + "integration_id=%s task_version=%d current_version=%d", task.getId(), integration.getId(),
                    task.getIntegrationVersion(), integration.getVersion());
        }
        IntegrationPoint point = integration.getPointsList().stream()
                .filter(p -> p.getId().equals(task.getIntegrationPointId())).findFirst()
                .orElseThrow(() -> TransferFailure.configuration("integration point " + task.getIntegrationPointId()
                        + " does not exist any more in integration '" + integration.getName() + "'"));
        return withEndpoints(integration, point);
    }

    /**
     * The current definition of one point, for an admin's request: an unknown integration or point is NOT_FOUND
     * (the admin asked for it), a missing endpoint is a configuration failure as in a run.
     */
    public TaskDefinition loadCurrent(String integrationId, String pointId) {
        Integration integration = config.getIntegration(integrationId);
        IntegrationPoint point = integration.getPointsList().stream().filter(p -> p.getId().equals(pointId))
                .findFirst().orElseThrow(() -> new CrmsyncException(POINT_NOT_FOUND, "integration point " + pointId
                        + " does not exist in integration '" + integration.getName() + "'"));
        return withEndpoints(integration, point);
    }

    private TaskDefinition withEndpoints(Integration integration, IntegrationPoint point) {
        EndpointAccess source = endpoint(point.getSourceEndpointId(), "source");
        EndpointAccess target = endpoint(point.getTargetEndpointId(), "target");
        Map<String, Map<String, String>> lookups = new HashMap<>();
        for (FieldRule rule : point.getFieldRulesList()) {
            if (rule.hasLookup() && !lookups.containsKey(rule.getLookup().getName())) {
                String name = rule.getLookup().getName();
                lookups.put(name, notFoundIsConfiguration(() -> config.getReferenceLookup(name), "reference lookup '"
                        + name + "' used by target field '" + rule.getTargetField() + "' does not exist"));
            }
        }
        return new TaskDefinition(integration, point, source, target, lookups);
    }

    private EndpointAccess endpoint(String endpointId, String role) {
        if (endpointId.isEmpty()) {
            throw TransferFailure.configuration("the integration point has no " + role + " endpoint");
        }
        return notFoundIsConfiguration(() -> config.getEndpointAccess(endpointId),
                role + " endpoint " + endpointId + " does not exist any more");
    }

    private static <T> T notFoundIsConfiguration(Supplier<T> load, String message) {
        try {
            return load.get();
        } catch (CrmsyncException e) {
            if (e.code().grpcCode() == Status.Code.NOT_FOUND) {
                throw TransferFailure.configuration(message);
            }
            if (e.code() == EndpointHostCheck.HOST_REFUSED) {
                throw TransferFailure.configuration(e.getMessage());
            }
            throw e;
        }
    }
}
