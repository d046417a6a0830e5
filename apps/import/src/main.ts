import { runApp } from '@app/common';
import { IMPORT_APP, ImportAppModule } from './import-app.module';

void runApp(ImportAppModule, IMPORT_APP, 'IMPORT_PORT');
