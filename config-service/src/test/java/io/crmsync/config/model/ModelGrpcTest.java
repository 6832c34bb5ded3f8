package io.crmsync.config.model;

import static io.crmsync.config.Fixtures.post;
import static io.crmsync.config.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.crmsync.config.Fixtures;
import io.crmsync.proto.config.v1.Cadence;
import io.crmsync.proto.config.v1.CadenceType;
import io.crmsync.proto.config.v1.ConfigServiceGrpc;
import io.crmsync.proto.config.v1.ConflictPolicy;
import io.crmsync.proto.config.v1.GetIntegrationRequest;
import io.crmsync.proto.config.v1.Integration;
import io.crmsync.proto.config.v1.IntegrationPoint;
import io.crmsync.proto.config.v1.NotificationRecipient;
import io.crmsync.proto.config.v1.NotificationType;
import io.crmsync.proto.config.v1.SortOrder;
import io.crmsync.proto.config.v1.Weekday;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.junit.QuarkusTest;

/** The integration and point settings as GetIntegration serves them. */
@QuarkusTest
class ModelGrpcTest {

    @GrpcClient("config")
    ConfigServiceGrpc.ConfigServiceBlockingStub config;

    private Integration get(String id) {
        return config.withDeadlineAfter(10, TimeUnit.SECONDS)
                .getIntegration(GetIntegrationRequest.newBuilder().setIntegrationId(id).build()).getIntegration();
    }

    @Test
    void shouldServeEveryIntegrationAndPointSetting() {
        // given
        String point = PointSettingsTest.pointWith("""
                "sourceFields": ["Phone", "Account.Name"], "orderBy": [{"field": "Id", "direction": "desc"},
                {"field": "Name"}], "recordIds": ["003A", "003B"], "accountField": "AccountId"
                """);
        String id = post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s", "points": [%s], %s}
                """.formatted(unique("int"), Fixtures.connection(), point, IntegrationSettingsTest.ALL_SETTINGS))
                .statusCode(201).extract().path("id");
        // when
        Integration integration = get(id);
        // then
        assertThat(integration.getConflictPolicy()).isEqualTo(ConflictPolicy.CONFLICT_POLICY_MOST_RECENT_WINS);
        assertThat(integration.getAccountAllowListList()).containsExactly("001A", "001B");
        assertThat(integration.getAccountDenyListList()).containsExactly("001C");
        assertThat(integration.getNotificationRecipientsList()).containsExactly(
                NotificationRecipient.newBuilder().setType(NotificationType.NOTIFICATION_TYPE_EMAIL)
                        .setAddress("ops@example.com").build(),
                NotificationRecipient.newBuilder().setType(NotificationType.NOTIFICATION_TYPE_WEBHOOK)
                        .setAddress("https://hooks.example.com/crmsync").build());
        assertThat(integration.getSchedule()).isEqualTo(Cadence.newBuilder().setType(CadenceType.CADENCE_TYPE_WORKDAYS)
                .setTime("07:30").setTimeZone("Europe/Berlin").build());
        assertThat(integration.getFullSyncSchedule()).isEqualTo(Cadence.newBuilder()
                .setType(CadenceType.CADENCE_TYPE_MONTHLY).setTime("02:00").setLastDayOfMonth(true)
                .setTimeZone("UTC").build());
        assertThat(integration.getSyncImmediately()).isTrue();
        IntegrationPoint p = integration.getPoints(0);
        assertThat(p.getSourceFieldsList()).containsExactly("Phone", "Account.Name");
        assertThat(p.getOrderByList()).containsExactly(SortOrder.newBuilder().setField("Id").setDescending(true).build(),
                SortOrder.newBuilder().setField("Name").build());
        assertThat(p.getRecordIdsList()).containsExactly("003A", "003B");
        assertThat(p.getAccountField()).isEqualTo("AccountId");
    }

    @Test
    void shouldServeWeeklyAndMonthlyCadencesAndDefaults() {
        // given
        String id = post("/api/v1/integrations", """
                {"name": "%s", "connectionId": "%s",
                 "schedule": {"type": "weekly", "time": "06:00", "days": ["mon", "fri"], "timeZone": "Asia/Tokyo"},
                 "fullSyncSchedule": {"type": "monthly", "time": "01:00", "dayOfMonth": 15}}
                """.formatted(unique("int"), Fixtures.connection())).statusCode(201).extract().path("id");
        // when
        Integration integration = get(id);
        // then
        assertThat(integration.getConflictPolicy()).isEqualTo(ConflictPolicy.CONFLICT_POLICY_SOURCE_WINS);
        assertThat(integration.getSchedule().getDaysList()).containsExactly(Weekday.WEEKDAY_MON, Weekday.WEEKDAY_FRI);
        assertThat(integration.getSchedule().getTimeZone()).isEqualTo("Asia/Tokyo");
        assertThat(integration.getFullSyncSchedule().getDayOfMonth()).isEqualTo(15);
        assertThat(integration.getFullSyncSchedule().getLastDayOfMonth()).isFalse();
        assertThat(integration.getSyncImmediately()).isFalse();
        assertThat(integration.getAccountAllowListList()).isEmpty();
    }

    @Test
    void shouldLeaveSchedulesUnsetWhenThereAreNone() {
        // given
        String id = Fixtures.integration(Fixtures.connection());
        // when
        Integration integration = get(id);
        // then
        assertThat(integration.hasSchedule()).isFalse();
        assertThat(integration.hasFullSyncSchedule()).isFalse();
    }
}
