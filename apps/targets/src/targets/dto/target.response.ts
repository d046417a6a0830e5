import { ApiProperty } from '@nestjs/swagger';
import { ApiRule } from './create-target.dto';
import { ContactSummaryResponse } from '../../contacts/dto/contact.response';

export class TargetResponse {
  @ApiProperty({ type: 'integer', example: 7 })
  id: number;

  @ApiProperty({ example: 'Jazz lovers with the newsletter' })
  name: string;

  @ApiRule()
  rule: unknown;
}

export class TargetPreviewResponse {
  @ApiProperty({ type: 'integer', example: 1234, description: 'Number of contacts the rule selects now' })
  count: number;

  @ApiProperty({ type: [ContactSummaryResponse], description: 'The first 10 of them by id' })
  sample: ContactSummaryResponse[];
}
