import { runApp } from '@app/common';
import { TEMPLATE_EXPORT_APP, TemplateExportAppModule } from './template-export-app.module';

void runApp(TemplateExportAppModule, TEMPLATE_EXPORT_APP, 'TEMPLATE_EXPORT_PORT');
