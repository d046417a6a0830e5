import { runApp } from '@app/common';
import { TARGETS_APP, TargetsAppModule } from './targets-app.module';

void runApp(TargetsAppModule, TARGETS_APP, 'TARGETS_PORT');
