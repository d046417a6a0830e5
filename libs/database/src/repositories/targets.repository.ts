import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Target } from '../entities/target.entity';

/** Every statement on `targets`. */
@Injectable()
export class TargetsRepository {
  constructor(private readonly dataSource: DataSource) {}

  create(institutionId: number, target: Pick<Target, 'name' | 'rule'>): Promise<Target> {
    const repository = this.dataSource.getRepository(Target);
    return repository.save(repository.create({ institutionId, ...target }));
  }

  list(institutionId: number): Promise<Target[]> {
    return this.dataSource.getRepository(Target).find({ where: { institutionId }, order: { id: 'ASC' } });
  }

  findOne(institutionId: number, id: number): Promise<Target | null> {
    return this.dataSource.getRepository(Target).findOne({ where: { id, institutionId } });
  }

  async update(institutionId: number, id: number, target: { name: string; rule: object }): Promise<void> {
    await this.dataSource.getRepository(Target).update({ id, institutionId }, target);
  }

  /** Deletes a target of the institution; false when there was none. */
  async remove(institutionId: number, id: number): Promise<boolean> {
    const result = await this.dataSource.getRepository(Target).delete({ id, institutionId });
    return Boolean(result.affected);
  }
}
