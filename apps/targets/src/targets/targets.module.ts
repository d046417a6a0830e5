import { Module } from '@nestjs/common';
import { TargetingModule } from '@app/targeting';
import { TargetsController } from './targets.controller';
import { TargetsService } from './targets.service';

@Module({ imports: [TargetingModule], controllers: [TargetsController], providers: [TargetsService] })
export class TargetsModule {}
