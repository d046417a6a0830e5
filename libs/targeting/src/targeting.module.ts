import { Module } from '@nestjs/common';
import { TargetResolver } from './target-resolver';

@Module({ providers: [TargetResolver], exports: [TargetResolver] })
export class TargetingModule {}
