import { runApp } from '@app/common';
import { NOTIFICATIONS_APP, NotificationsAppModule } from './notifications-app.module';

void runApp(NotificationsAppModule, NOTIFICATIONS_APP, 'NOTIFICATIONS_PORT');
