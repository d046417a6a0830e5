import { Module } from '@nestjs/common';
import { AuthorizationsController } from './authorizations.controller';
import { AuthorizationsService } from './authorizations.service';

@Module({ controllers: [AuthorizationsController], providers: [AuthorizationsService] })
export class AuthorizationsModule {}
