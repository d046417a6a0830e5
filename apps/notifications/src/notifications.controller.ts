import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiErrors, AuthenticatedInstitution, CurrentInstitution } from '@app/common';
import { ListNotificationsQuery } from './dto/list-notifications.query';
import { NotificationResponse } from './dto/notification.response';
import { NotificationOutbox } from './outbox/notification-outbox';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly outbox: NotificationOutbox) {}

  @Get()
  @ApiOperation({
    operationId: 'listNotifications',
    summary: 'The e-mails of your institution and their delivery state, the newest first',
  })
  @ApiOkResponse({
    type: NotificationResponse,
    isArray: true,
    description: 'The e-mails of your institution, the newest first',
  })
  @ApiErrors(400)
  async list(
    @CurrentInstitution() institution: AuthenticatedInstitution,
    @Query() query: ListNotificationsQuery,
  ): Promise<NotificationResponse[]> {
    const rows = await this.outbox.list(institution.id, {
      to: query.to,
      type: query.type,
      status: query.status,
      exportId: query.exportId,
      importId: query.importId,
      limit: query.limit ?? 100,
    });
    return rows.map((row) => NotificationResponse.from(row));
  }
}
